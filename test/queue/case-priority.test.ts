import { describe, expect, it } from 'vitest';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { casePriority, compareQueued, priorityMoved, riskOf } from '#shared/queue/case-priority.ts';
import { event, subjectOf } from '../helpers/customer-builder.ts';

const policy = presetPolicy('script-kill');
const asOf = Date.parse('2026-11-23T02:00:00+08:00');
const daysAgo = (days: number) => new Date(asOf - days * 86_400_000).toISOString();
/** A regular who came every 30 days for a year, spending `amount` a visit, last seen `away` days ago. */
const regular = (amount: number, away = 45) =>
  subjectOf({ events: Array.from({ length: 12 }, (_, i) => event.visit(daysAgo(away + 30 * i), amount)) }).state;

describe('what is at stake if a customer is lost: risk x what they would spend over the horizon', () => {
  it('reads the risk and the visits "if they stay" from the store\'s return model when it speaks for the customer', () => {
    const outlook = { ok: true as const, pAlive: 0.4, expectedVisits: 1.2, risk: 0.7, horizonWeeks: 26 };
    const { priority, parts } = casePriority({ level: 1, state: regular(200), asOf, outlook }, policy);
    // 1.2 visits expected counting the chance they are gone; 3 if they stay (1.2 / 0.4); 3 x ¥200 = ¥600 at stake 70%.
    expect(parts).toEqual({
      risk: 0.7,
      riskFrom: 'bg-nbd',
      expectedVisits: 3,
      visitsFrom: 'bg-nbd',
      averageSpendYuan: 200,
      valueYuan: 600,
      horizonWeeks: 26,
    });
    expect(priority).toBe(420);
  });

  it('weighs the calibrated risk when the run has one, and values the customer over the same horizon as that risk', () => {
    const outlook = { ok: true as const, pAlive: 0.4, expectedVisits: 1.2, risk: 0.7, horizonWeeks: 26 };
    const reading = { risk: 0.25, source: 'learned' as const, horizonWeeks: 13 };
    const { priority, parts } = casePriority({ level: 1, state: regular(200), asOf, outlook, reading }, policy);
    // 3 visits if they stay over 26 weeks is 1.5 over the risk's 13; 1.5 x ¥200 = ¥300 at stake 25%.
    expect(parts).toEqual({
      risk: 0.25,
      riskFrom: 'learned',
      expectedVisits: 1.5,
      visitsFrom: 'bg-nbd',
      averageSpendYuan: 200,
      valueYuan: 300,
      horizonWeeks: 13,
    });
    expect(priority).toBe(75);
  });

  it("falls back to the policy's risk for the level and the customer's own pace when no model speaks for them", () => {
    const noModel = { ok: false as const, reason: 'no model fitted for store S1' };
    const { priority, parts } = casePriority({ level: 2, state: regular(100), asOf, outlook: noModel }, policy);
    // 11 visits in the last year (the window of a customer older than a year; the 12th was 375 days ago), carried over 182 days.
    expect(parts).toMatchObject({ risk: 0.5, riskFrom: 'level', visitsFrom: 'visit-rate', averageSpendYuan: 100 });
    expect(parts.expectedVisits).toBeCloseTo((11 * 182) / 365, 2);
    expect(priority).toBeCloseTo(0.5 * ((11 * 182) / 365) * 100, 1);
    expect(riskOf({ level: 3, state: regular(100), asOf }, policy)).toEqual({ risk: 0.7, from: 'level' });
  });

  it("gives a one-visit customer of 12 days one visit over the horizon, not a weekly regular's, and a customer with no visit nothing", () => {
    const once = subjectOf({ events: [event.visit(daysAgo(12), 88)] }).state;
    expect(casePriority({ level: 1, state: once, asOf }, policy).parts).toMatchObject({
      expectedVisits: 1,
      averageSpendYuan: 88,
      valueYuan: 88,
    });
    const never = subjectOf({ events: [event.complaint(daysAgo(2), 'serious', 'service')] }).state;
    expect(casePriority({ level: 2, state: never, asOf }, policy).priority).toBe(0);
  });

  it('orders the queue level 3 first, then by what is at stake, then the longest waiting, then by customer', () => {
    const alerts = [
      { customerId: 'C4', level: 1, priority: 900, identifiedAt: '2026-11-20T02:00:00+08:00' },
      { customerId: 'C3', level: 3, priority: 10, identifiedAt: '2026-11-22T02:00:00+08:00' },
      { customerId: 'C2', level: 2, priority: 300, identifiedAt: '2026-11-21T02:00:00+08:00' },
      { customerId: 'C1', level: 2, priority: 300, identifiedAt: '2026-11-21T02:00:00+08:00' },
      { customerId: 'C0', level: 2, priority: 300, identifiedAt: '2026-11-20T02:00:00+08:00' },
    ];
    expect([...alerts].sort(compareQueued).map((alert) => alert.customerId)).toEqual(['C3', 'C4', 'C0', 'C1', 'C2']);
  });

  it('rewrites a stored priority only when it has moved by more than a tenth and a yuan', () => {
    expect(priorityMoved(undefined, 5)).toBe(true);
    expect([priorityMoved(100, 109), priorityMoved(100, 111), priorityMoved(5, 5.9), priorityMoved(0, 2)]).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });
});
