import { describe, expect, it } from 'vitest';
import type { CustomerFile } from '#shared/customer/customer-file-schema.ts';
import type { ScoringSubject } from '#shared/customer/scoring-subject.ts';
import { fitChainModels } from '#shared/model/fit-chain-models.ts';
import { type KeptModel, RiskBook } from '#shared/model/risk-book.ts';
import { RISK_FEATURE_NAMES } from '#shared/model/risk-features.ts';
import type { ChainRiskModel } from '#shared/model/risk-model.ts';
import { simulateRhythmChain, VISIT_RHYTHMS } from '#shared/model/simulated-histories.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { event, subjectOf } from '../helpers/customer-builder.ts';

const DAY = 86_400_000;
const UNTIL = Date.parse('2026-11-23T23:59:59+08:00');
const policy = presetPolicy('script-kill');
const clock = new ZonedClock(policy.timeZone);
const monthly = VISIT_RHYTHMS.find((rhythm) => rhythm.name === 'monthly diner')!;
const daysAgo = (days: number) => new Date(UNTIL - days * DAY).toISOString();
const asOfUntil = (files: readonly CustomerFile[]): ScoringSubject[] =>
  files.map((file) => ({ profile: file, state: foldCustomerFile(file, UNTIL).state }));
const inStore = (subject: ScoringSubject, storeId: string): ScoringSubject => ({
  ...subject,
  profile: { ...subject.profile, storeId },
});

/** A monthly-diner chain of two stores with three years of history, and a third store that opened 70 days ago. */
function chainWithNewStore(): ScoringSubject[] {
  const old = simulateRhythmChain(monthly, {
    customers: 2400,
    seed: 21,
    until: UNTIL,
    historyDays: 1095,
    beyondDays: 0,
    stores: 2,
  });
  const fresh = simulateRhythmChain(monthly, {
    customers: 150,
    seed: 22,
    until: UNTIL,
    historyDays: 70,
    beyondDays: 0,
  }).map((file) => ({ ...file, customerId: `N${file.customerId}`, storeId: 'STORE-NEW' }));
  return asOfUntil([...old, ...fresh]);
}

describe('a calibrated risk for every customer', () => {
  const customers = chainWithNewStore();
  const fit = fitChainModels(customers, UNTIL, policy, clock);
  const book = new RiskBook(fit.models, policy);

  it('gives a customer with one visit 12 days ago a number from the learned model, lower than one seen once 300 days ago', () => {
    const recent = book.riskOf(subjectOf({ events: [event.visit(daysAgo(12), 128)] }), UNTIL);
    const long = book.riskOf(subjectOf({ events: [event.visit(daysAgo(300), 128)] }), UNTIL);
    expect(recent.source).toBe('learned');
    expect(recent.risk).toBeGreaterThan(0);
    expect(recent.risk).toBeLessThan(1);
    expect(recent.horizonWeeks).toBe(26);
    expect(long.risk).toBeGreaterThan(recent.risk);
    // The learned model says what weighed most.
    expect(long.reasons?.length).toBeGreaterThan(0);
  });

  it("gives a customer with no visit yet the share of such customers in the chain's past, and says so", () => {
    const reading = book.riskOf(subjectOf({ events: [event.interaction(daysAgo(3), 'consult')] }), UNTIL);
    expect(reading.source).toBe('base-rate');
    expect(reading.risk).toBeGreaterThan(0);
    expect(reading.risk).toBeLessThan(1);
    expect(reading.note).toContain('customers with no visit yet');
  });

  it('gives every customer of the chain a number in (0, 1), and says where it came from', () => {
    const readings = customers.map((subject) => book.riskOf(subject, UNTIL));
    expect(readings.every((reading) => reading.risk > 0 && reading.risk < 1)).toBe(true);
    expect(new Set(readings.map((reading) => reading.source))).toEqual(new Set(['learned']));
  });

  it("falls back to the chain's model for a store with too little history to learn from, and says so", () => {
    expect(fit.risk.stores.get('STORE-NEW')?.learned).toBeNull();
    expect(fit.risk.stores.get('STORE-NEW')?.note).toMatch(
      /^too little history to learn from: no customer had visited before the cut .*; uses the chain's learned model$/,
    );
    expect(fit.risk.stores.get('STORE-01')?.note).toMatch(
      /^too little history for a model of its own \(\d+ customers to learn from before the cut \(needs 1000\)\); uses the chain's learned model$/,
    );
    const newcomer = customers.find((subject) => subject.profile.storeId === 'STORE-NEW')!;
    const reading = book.riskOf(newcomer, UNTIL);
    expect(reading.source).toBe('learned');
    // A store the models never saw is read with the chain's.
    expect(book.riskOf(inStore(newcomer, 'STORE-NEVER-SEEN'), UNTIL).risk).toBeCloseTo(reading.risk, 2);
  });

  it('keeps as small plain JSON, a DynamoDB item per store, and scores the same after a round trip', () => {
    for (const model of fit.models) expect(JSON.stringify(model).length).toBeLessThan(40_000);
    const chain = fit.models.find((model) => model.storeId === '*')!.risk as ChainRiskModel;
    expect(chain.learned?.features).toEqual(RISK_FEATURE_NAMES);
    const reloaded = new RiskBook(JSON.parse(JSON.stringify(fit.models)) as KeptModel[], policy);
    for (const subject of customers.slice(0, 200))
      expect(reloaded.riskOf(subject, UNTIL)).toEqual(book.riskOf(subject, UNTIL));
  });

  it('fits the same models from the same data, in any order', () => {
    const again = fitChainModels([...customers].reverse(), UNTIL, policy, clock);
    expect(JSON.stringify(again.models.find((model) => model.storeId === '*')?.risk)).toBe(
      JSON.stringify(fit.models.find((model) => model.storeId === '*')?.risk),
    );
  });
});

describe('a chain with little history', () => {
  it("learns on a shorter horizon than the policy's and says so", () => {
    const customers = asOfUntil(
      simulateRhythmChain(monthly, { customers: 2500, seed: 31, until: UNTIL, historyDays: 210, beyondDays: 0 }),
    );
    const fit = fitChainModels(customers, UNTIL, policy, clock);
    const chain = fit.risk.chain;
    expect(chain.horizonWeeks).toBeLessThan(26);
    expect(chain.note).toContain(`learned on a ${chain.horizonWeeks}-week horizon instead`);
    const reading = new RiskBook(fit.models, policy).riskOf(customers[0]!, UNTIL);
    expect(reading.horizonWeeks).toBe(chain.horizonWeeks);
  });

  it("learns nothing from two months, and still gives every customer a number: BG/NBD's own where it has one, else 0.5, saying why", () => {
    const customers = asOfUntil(
      simulateRhythmChain(monthly, { customers: 600, seed: 32, until: UNTIL, historyDays: 60, beyondDays: 0 }),
    );
    const fit = fitChainModels(customers, UNTIL, policy, clock);
    expect(fit.risk.plan.canLearn).toBe(false);
    const book = new RiskBook(fit.models, policy);
    const readings = customers.map((subject) => book.riskOf(subject, UNTIL));
    expect(readings.every((reading) => reading.risk > 0 && reading.risk < 1)).toBe(true);
    const young = readings.find((reading) => reading.source === 'prior')!;
    expect(young.risk).toBe(0.5);
    expect(young.note).toContain('too little to learn from');
    expect(readings.find((reading) => reading.source === 'bg-nbd')?.note).toBe(
      "BG/NBD's own risk, not calibrated on this chain's past",
    );
  });

  it('reads a model file from before the risk model (BG/NBD only): every customer still gets a number', () => {
    const book = new RiskBook(
      [{ storeId: '*', unit: 'week', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } }],
      policy,
    );
    const regular = book.riskOf(
      subjectOf({ events: [300, 200, 100, 40].map((days) => event.visit(daysAgo(days), 100)) }),
      UNTIL,
    );
    expect(regular.source).toBe('bg-nbd');
    expect(regular.horizonWeeks).toBe(26);
    const fresh = book.riskOf(subjectOf({ events: [event.visit(daysAgo(3), 100)] }), UNTIL);
    expect(fresh).toMatchObject({ source: 'prior', risk: 0.5 });
    expect(fresh.note).toContain('first visit 3 days ago: too little history for the model');
  });
});
