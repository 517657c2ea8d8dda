import { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { Policy } from '../policy/policy-schema.ts';
import type { DayNumber } from '../time/civil-day.ts';
import { ZonedClock } from '../time/zoned-clock.ts';

/**
 * The working day whose intake a case opened at an instant counts against: its local date, or the
 * next working day when that is a day off (a case opened by Saturday's scan is Monday's work, so
 * Saturday, Sunday and Monday together open one day's intake, not three).
 */
export function intakeDays(policy: Pick<Policy, 'timeZone' | 'calendar'>): {
  of: (instant: number) => DayNumber;
  ofText: (instant: string) => DayNumber | undefined;
} {
  const clock = new ZonedClock(policy.timeZone);
  const calendar = new WorkingCalendar(policy.calendar, clock);
  const of = (instant: number): DayNumber => {
    let day = clock.dayOf(instant);
    while (!calendar.isWorkingDay(day)) day += 1;
    return day;
  };
  return {
    of,
    ofText: (instant) => {
      const at = Date.parse(instant);
      return Number.isNaN(at) ? undefined : of(at);
    },
  };
}
