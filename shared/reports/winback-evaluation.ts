import { hadCase } from '../alerts/alert-status.ts';
import type { Level, Policy } from '../policy/policy-schema.ts';
import { differenceInterval, type Interval, wilsonInterval } from './proportion-interval.ts';

/** A case as the evaluation reads it from the recorded alerts. */
export interface EvaluatedCase {
  storeId: string;
  /** The level the case ended at (an escalated case counts at its final level). */
  level: Level;
  status: string;
  /** In the hold-out arm: verified and tracked, never contacted. */
  holdout?: boolean;
}

export interface EvaluationRow {
  storeId: string;
  level: Level;
  alerted: number;
  recovered: number;
  /** Still running: a rate read before they end is a floor. */
  open: number;
  successRate: number | undefined;
  interval: Interval | undefined;
  target: number;
  /** Against the target, on the rate (the interval says how sure that is). */
  mark: 'meets' | 'misses' | 'no cases';
  /** With a hold-out group: the win-back rate minus the hold-out's own return rate, with its 95% interval. */
  uplift?: (Interval & { difference: number; holdoutAlerted: number; holdoutReturned: number }) | undefined;
}

const OPEN = new Set(['open', 'in_progress']);

/**
 * The monthly win-back evaluation (Art. 18-19) per store and level: alerted, recovered, the success
 * rate against the policy's target with a meets/misses mark and a 95% interval, and, when the
 * policy holds a share back, the uplift over the hold-out group. Stores with no case at a level
 * still get their row ("no cases"), so a store manager sees the whole grid.
 */
export function evaluateWinback(
  cases: readonly EvaluatedCase[],
  stores: readonly string[],
  policy: Pick<Policy, 'evaluation'>,
): EvaluationRow[] {
  const rows: EvaluationRow[] = [];
  for (const storeId of stores) {
    for (const level of [1, 2, 3] as const) {
      // An alert still queued (or dequeued before anyone took it) was never worked: not a case here.
      const here = cases.filter((c) => c.storeId === storeId && c.level === level && hadCase(c));
      const worked = here.filter((c) => !c.holdout);
      const held = here.filter((c) => c.holdout);
      const recovered = worked.filter((c) => c.status === 'recovered').length;
      const target = policy.evaluation.successTargets[level];
      const successRate = worked.length ? recovered / worked.length : undefined;
      const row: EvaluationRow = {
        storeId,
        level,
        alerted: worked.length,
        recovered,
        open: worked.filter((c) => OPEN.has(c.status)).length,
        successRate,
        interval: wilsonInterval(recovered, worked.length),
        target,
        mark: successRate === undefined ? 'no cases' : successRate >= target ? 'meets' : 'misses',
      };
      if (held.length > 0) {
        // A held-back customer who came back on their own closes as recovered (or self-recovered at verify).
        const returned = held.filter((c) => c.status === 'recovered' || c.status === 'self_recovered').length;
        const uplift = differenceInterval(recovered, worked.length, returned, held.length);
        row.uplift = uplift && { ...uplift, holdoutAlerted: held.length, holdoutReturned: returned };
      }
      rows.push(row);
    }
  }
  return rows;
}
