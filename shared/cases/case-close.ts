import { z } from 'zod';
import type { QuietPeriod } from '../customer/customer-record.ts';
import type { Level, Policy } from '../policy/policy-schema.ts';

/** How a case ends through the workflow's close step (Art. 17); the reason goes into the churn reason analysis. */
export const closeOutcome = z.enum(['refused', 'lost', 'recovered', 'false_alarm']);
export type CloseOutcome = z.infer<typeof closeOutcome>;

/** Days the customer is left in peace after the case: none for a recovered customer (they are not at risk). */
export function quietDaysAfter(policy: Pick<Policy, 'deadlines'>, outcome: CloseOutcome): number {
  return outcome === 'recovered' ? 0 : policy.deadlines.quietDaysAfterClose[outcome];
}

/**
 * The quiet period a closed case leaves on its customer: after a refusal, a lost case or a false
 * alarm, no new alert until it ends. A refusal is respected at every level (the refusal itself
 * scores as a warning sign); after a lost case or a false alarm, only a level above the case's
 * (`caseLevel`, its level now) is news. Undefined when the policy gives no quiet days.
 */
export function quietAfterClose(
  policy: Pick<Policy, 'deadlines'>,
  outcome: CloseOutcome,
  caseLevel: Level,
  now: number,
  formatInstant: (ms: number) => string,
): QuietPeriod | undefined {
  const days = quietDaysAfter(policy, outcome);
  if (outcome === 'recovered' || days <= 0) return undefined;
  return {
    until: formatInstant(now + days * 86_400_000),
    level: outcome === 'refused' ? 3 : caseLevel,
    outcome,
  };
}
