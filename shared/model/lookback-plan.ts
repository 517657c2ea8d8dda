import { DAY_MS } from '../time/zoned-clock.ts';

/**
 * How the risk model learns from the chain's own past: it reads every customer as of a cut date
 * and looks at who came back in the horizon after it. The cut is the horizon before the end of
 * the data, so the last horizon's outcomes are known. A shorter history than the horizon plus
 * MIN_FEATURE_DAYS of visits to read before the cut is learned on a shorter horizon (whole weeks,
 * at least MIN_LEARN_WEEKS) and says so; shorter still, nothing is learned.
 */
export const MIN_FEATURE_DAYS = 91;
export const MIN_LEARN_WEEKS = 4;

export interface LookbackPlan {
  /** The end of the data: the fit's as-of moment. */
  endAt: number;
  /** The cut date: customers are read as of it, and their outcome is a visit in (cutAt, cutAt + horizon]. */
  cutAt: number;
  /** The horizon the risk is learned on, and so the horizon it speaks of. */
  horizonWeeks: number;
  policyHorizonWeeks: number;
  /** Days from the earliest visit in the data to its end. */
  historyDays: number;
  canLearn: boolean;
  /** Why the horizon is shorter than the policy's, or why nothing is learned. */
  note: string | undefined;
}

export function planLookback(
  earliestVisitAt: number | undefined,
  endAt: number,
  policyHorizonWeeks: number,
): LookbackPlan {
  const historyDays = earliestVisitAt === undefined ? 0 : Math.max(0, (endAt - earliestVisitAt) / DAY_MS);
  const plan = (horizonWeeks: number, canLearn: boolean, note: string | undefined): LookbackPlan => ({
    endAt,
    cutAt: endAt - horizonWeeks * 7 * DAY_MS,
    horizonWeeks,
    policyHorizonWeeks,
    historyDays: Math.floor(historyDays),
    canLearn,
    note,
  });
  const wholeWeeks = Math.floor(policyHorizonWeeks);
  if (historyDays >= policyHorizonWeeks * 7 + MIN_FEATURE_DAYS) return plan(policyHorizonWeeks, true, undefined);
  const weeks = Math.min(wholeWeeks, Math.floor((historyDays - MIN_FEATURE_DAYS) / 7));
  const needs = `the policy's ${policyHorizonWeeks}-week horizon needs ${Math.ceil(policyHorizonWeeks * 7 + MIN_FEATURE_DAYS)} days: the horizon and ${MIN_FEATURE_DAYS} days of visits before it`;
  if (weeks >= MIN_LEARN_WEEKS) {
    return plan(
      weeks,
      true,
      `the history covers ${Math.floor(historyDays)} days and ${needs}; learned on a ${weeks}-week horizon instead: the risk is of no visit within ${weeks} weeks`,
    );
  }
  return plan(
    policyHorizonWeeks,
    false,
    `the history covers ${Math.floor(historyDays)} days: too little to learn from (at least ${MIN_LEARN_WEEKS} weeks and ${MIN_FEATURE_DAYS} days of visits before them); ${needs}`,
  );
}
