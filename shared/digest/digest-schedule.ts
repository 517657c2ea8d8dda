import { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { Policy } from '../policy/policy-schema.ts';
import { ZonedClock } from '../time/zoned-clock.ts';

/**
 * The daily digest goes out at 08:30 on working days, in the policy's time zone: before the
 * store's day starts, after the night's scans and the deadlines that fall at 24:00. Staff are not
 * mailed on their days off; what fell due then is at the top of the next working day's digest.
 */
export const DIGEST_SCHEDULE = {
  id: 'StaffDigest',
  description: "each person's open steps, overdue first, 08:30 on working days",
  cron: { minute: '30', hour: '8', weekDay: '*' },
  hour: 8,
  minute: 30,
} as const;

/** When the digest after `now` goes out (epoch ms): today's, if today is a working day and it is not yet 08:30; else the next working day's. */
export function nextDigestAt(policy: Pick<Policy, 'timeZone' | 'calendar'>, now: number): number {
  const clock = new ZonedClock(policy.timeZone);
  const calendar = new WorkingCalendar(policy.calendar, clock);
  for (let day = clock.dayOf(now); ; day++) {
    if (!calendar.isWorkingDay(day)) continue;
    // From local midnight: on a day the clocks change before 08:30 this is an hour off, which a digest can bear.
    const at = clock.startOfDay(day) + (DIGEST_SCHEDULE.hour * 60 + DIGEST_SCHEDULE.minute) * 60_000;
    if (at > now) return at;
  }
}

/** Whether a digest is due on the day of `instant` (the schedule fires every day; days off send nothing). */
export function digestDay(policy: Pick<Policy, 'timeZone' | 'calendar'>, instant: number): boolean {
  const clock = new ZonedClock(policy.timeZone);
  return new WorkingCalendar(policy.calendar, clock).isWorkingDay(clock.dayOf(instant));
}
