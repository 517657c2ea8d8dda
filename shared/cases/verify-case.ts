import type { AlertRecord } from '../alerts/alert-record.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { CustomerRecord } from '../customer/customer-record.ts';
import { type CaseDeadlines, caseDeadlines } from '../deadlines/case-deadlines.ts';
import type { Level, Policy } from '../policy/policy-schema.ts';
import { type CustomerScore, PolicyScorer } from '../scoring/policy-scorer.ts';

export type Verification =
  | { outcome: 'self_recovered'; reason: string; score: CustomerScore }
  | { outcome: 'customer_gone'; reason: string }
  | { outcome: 'confirmed'; level: Level; levelChanged: boolean; score: CustomerScore; deadlines: CaseDeadlines };

/**
 * Step 1 of a case (Art. 16 (1)): re-check the indicators against the customer's file as it is
 * now. A customer no longer at risk (they came back since) closes the case as self-recovered;
 * otherwise the case goes on at the level it has now, with every deadline counted in the
 * policy's working days from the moment of verification.
 */
export function verifyCase(
  alert: Pick<AlertRecord, 'level' | 'identifiedAt'>,
  customer: CustomerRecord | undefined,
  policy: Policy,
  calendar: WorkingCalendar,
  now: number,
): Verification {
  if (customer === undefined)
    return { outcome: 'customer_gone', reason: 'the customer file no longer exists (erased on request?)' };
  const score = new PolicyScorer(policy).at(now).score({ profile: customer.profile, state: customer.state });
  if (score.level === 0) {
    const last = customer.state.visits.last;
    const since =
      last !== null && last.at > Date.parse(alert.identifiedAt)
        ? `: visited on ${calendar.clock.formatInstant(last.at).slice(0, 10)}`
        : '';
    return { outcome: 'self_recovered', reason: `no longer at risk${since}`, score };
  }
  const level = score.level;
  return {
    outcome: 'confirmed',
    level,
    levelChanged: level !== alert.level,
    score,
    deadlines: caseDeadlines(policy, calendar, level, now),
  };
}
