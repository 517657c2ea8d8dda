import { describe, expect, it } from 'vitest';
import { ModelBook } from '#shared/model/model-book.ts';
import { parsePolicy } from '#shared/policy/parse-policy.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { PolicyScorer } from '#shared/scoring/policy-scorer.ts';
import { event, subjectOf } from '../helpers/customer-builder.ts';

const asOf = Date.parse('2026-11-23T23:59:59+08:00');
const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const weekly = (weeksAgo: number[]) =>
  subjectOf({ events: weeksAgo.map((w) => event.visit(new Date(asOf - w * 7 * 86_400_000).toISOString(), 100)) });

/** The script-kill preset with one more indicator: the model's low-return signal, not core. */
function policyWithModelIndicator(thresholds: Record<string, number>) {
  const base = presetPolicy('script-kill');
  return parsePolicy(
    JSON.parse(
      JSON.stringify({
        ...base,
        indicators: [
          ...base.indicators,
          {
            id: 'model_low_return',
            kind: 'model_low_return',
            core: false,
            thresholds: { member: thresholds, regular: thresholds },
          },
        ],
      }),
    ),
    'test',
  );
}

describe('the model_low_return indicator', () => {
  it('fires when the fitted model expects too few visits, with evidence a store manager can read', () => {
    const scorer = new PolicyScorer(policyWithModelIndicator({ expectedVisitsBelow: 0.5 }), {
      models: new ModelBook([{ storeId: '*', unit: 'week', params }], 26),
    });
    const stopped = scorer.at(asOf).score(weekly([40, 36, 32, 28, 24]));
    expect(stopped.indicators.find((f) => f.id === 'model_low_return')?.evidence).toMatch(
      /^expected visits in 26 weeks: 0\.\d\d; P\(active\) 0\.\d\d$/,
    );
    expect(stopped.model).toMatchObject({ pAlive: expect.any(Number), risk: expect.any(Number) });
    const steady = scorer.at(asOf).score(weekly([40, 30, 20, 10, 1]));
    expect(steady.indicators.map((f) => f.id)).not.toContain('model_low_return');
  });

  it('never fires without a fitted model, nor for a customer with too little history', () => {
    const policy = policyWithModelIndicator({ pAliveBelow: 0.99 });
    expect(
      new PolicyScorer(policy)
        .at(asOf)
        .score(weekly([40, 36, 32, 28, 24]))
        .indicators.map((f) => f.id),
    ).not.toContain('model_low_return');
    const scorer = new PolicyScorer(policy, { models: new ModelBook([{ storeId: '*', unit: 'week', params }], 26) });
    const fresh = scorer.at(asOf).score(weekly([1]));
    expect(fresh.indicators.map((f) => f.id)).not.toContain('model_low_return');
    expect(fresh.model).toEqual({ note: 'first visit 7 days ago: too little history for the model (needs 28)' });
  });

  it('refuses thresholds that name neither signal', () => {
    expect(() => policyWithModelIndicator({})).toThrow(/give expectedVisitsBelow, pAliveBelow or both/);
  });
});
