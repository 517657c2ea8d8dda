import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { Level, Policy } from '../policy/policy-schema.ts';
import { civilFromDay } from '../time/civil-day.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface CaseDeadlines {
  ownerRole: string;
  ownerDepartment: string;
  /** The alert must reach the owner and the store by then (Art. 13: within 1 working day). */
  alertDeliveryBy: number;
  /** The owner's response plan is due 24 hours after the alert reaches them (Art. 13). */
  responsePlanBy: number;
  /** First contact: call-back (level 1) or one-to-one (level 2) within N working days (Art. 12). */
  firstContactBy: number;
  followUpEveryDays: number;
  /** The case is tracked until then before it is judged (Art. 16, 18). */
  trackUntil: number;
  /** Set when a deadline falls in a year whose public holidays the calendar does not know yet. */
  calendarWarning?: string;
}

/**
 * Every deadline of a new case at `level`, from the moment the alert was identified and the moment
 * it reached its owner (the same moment when the alert goes out at once).
 */
export function caseDeadlines(
  policy: Policy,
  calendar: WorkingCalendar,
  level: Level,
  identifiedAt: number,
  deliveredAt: number = identifiedAt,
): CaseDeadlines {
  const { deadlines, owners } = policy;
  const alertDeliveryBy = calendar.deadlineAfter(identifiedAt, deadlines.alertDeliveryWorkingDays);
  const firstContactBy = calendar.deadlineAfter(deliveredAt, deadlines.firstContactWorkingDays[level]);
  const result: CaseDeadlines = {
    ownerRole: owners[level].role,
    ownerDepartment: owners[level].department,
    alertDeliveryBy,
    responsePlanBy: deliveredAt + deadlines.responsePlanHours * HOUR_MS,
    firstContactBy,
    followUpEveryDays: deadlines.followUpEveryDays[level],
    trackUntil: identifiedAt + deadlines.trackingWindowDays * DAY_MS,
  };
  const lastWorkingDay = calendar.clock.dayOf(firstContactBy - 1);
  if (!calendar.knowsHolidaysOf(lastWorkingDay)) {
    result.calendarWarning = `the public holidays of ${civilFromDay(lastWorkingDay).year} are not in the calendar yet: deadlines count weekends and the policy's own dates only`;
  }
  return result;
}
