import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { Policy } from '../policy/policy-schema.ts';
import type { WaitingStep } from './waiting-steps.ts';

/**
 * When a waiting step asked at `now` is due, if it is asked again (a missed deadline's reminder,
 * or a plan revised after a rejected benefit) or is an approval: a response plan gets its full
 * period of hours again and an approval its working days; a contact or a loss reason, whose own
 * deadline has passed, one more working day (Art. 26: a missed deadline never stalls the case).
 */
export function dueWhenAsked(
  policy: Pick<Policy, 'deadlines'>,
  calendar: WorkingCalendar,
  step: WaitingStep,
  now: number,
): number {
  if (step === 'response_plan') return now + policy.deadlines.responsePlanHours * 3_600_000;
  return calendar.deadlineAfter(now, step === 'approval' ? policy.deadlines.approvalWorkingDays : 1);
}
