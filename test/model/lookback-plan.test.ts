import { describe, expect, it } from 'vitest';
import { MIN_FEATURE_DAYS, planLookback } from '#shared/model/lookback-plan.ts';

const DAY = 86_400_000;
const END = Date.parse('2026-11-23T23:59:59+08:00');

describe('how far back the risk model looks', () => {
  it("cuts the policy's horizon before the end of the data when the history is long enough", () => {
    const plan = planLookback(END - 600 * DAY, END, 26);
    expect(plan).toMatchObject({ canLearn: true, horizonWeeks: 26, cutAt: END - 182 * DAY, note: undefined });
  });

  it('learns on a shorter horizon when the history is shorter than the horizon and the features need, and says so', () => {
    const plan = planLookback(END - 200 * DAY, END, 26);
    // 200 days: 91 days of visits to read, and 15 whole weeks after them.
    expect(plan.canLearn).toBe(true);
    expect(plan.horizonWeeks).toBe(Math.floor((200 - MIN_FEATURE_DAYS) / 7));
    expect(plan.cutAt).toBe(END - plan.horizonWeeks * 7 * DAY);
    expect(plan.note).toContain('learned on a 15-week horizon instead');
    expect(plan.note).toContain('the risk is of no visit within 15 weeks');
  });

  it('learns nothing from a few weeks of history, and says why', () => {
    const plan = planLookback(END - 100 * DAY, END, 26);
    expect(plan.canLearn).toBe(false);
    expect(plan.note).toMatch(/^the history covers 100 days: too little to learn from/);
    expect(planLookback(undefined, END, 26).canLearn).toBe(false);
  });
});
