import type { OpenAlert, QuietPeriod } from '../customer/customer-record.ts';
import type { AlertLevel } from '../policy/policy-schema.ts';

export type AlertDecision = 'none' | 'quiet' | 'raise' | 'escalate' | 'keep' | 'dequeue';

/**
 * What a scan does with a customer's level (Art. 12, SPEC section 3): a customer with an open
 * case gets no second one; a level that rises escalates the open one. A customer no longer at
 * risk keeps the open case: closing it (self-recovered) is the case workflow's call. After a
 * case closed refused or lost, the customer stays quiet until the period ends, unless the level
 * rises above the closed case's. A queued alert (no case yet) is the scan's own: it leaves the
 * queue when the customer is no longer at risk.
 */
export function decideAlert(
  level: AlertLevel,
  open: OpenAlert | undefined,
  quiet?: QuietPeriod,
  asOf?: number,
): AlertDecision {
  if (level === 0) return open?.queued === true ? 'dequeue' : 'none';
  if (
    open === undefined &&
    quiet !== undefined &&
    asOf !== undefined &&
    asOf < Date.parse(quiet.until) &&
    level <= quiet.level
  )
    return 'quiet';
  if (open === undefined) return 'raise';
  return level > open.level ? 'escalate' : 'keep';
}
