import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '#shared/calendar/working-calendar.ts';
import { caseDeadlines } from '#shared/deadlines/case-deadlines.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { parseDay } from '#shared/time/civil-day.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';

const policy = presetPolicy('script-kill');
const clock = new ZonedClock(policy.timeZone);
const calendar = new WorkingCalendar(policy.calendar, clock);
const day = (date: string) => parseDay(date) as number;
const local = (instant: number) => clock.formatInstant(instant);

describe('the working-day calendar of mainland China', () => {
  it('knows National Day as holidays and its Saturday make-up day (调休) as a working day', () => {
    expect(calendar.isWorkingDay(day('2026-10-01'))).toBe(false);
    expect(calendar.isWorkingDay(day('2026-10-07'))).toBe(false);
    expect(calendar.isWorkingDay(day('2026-10-10'))).toBe(true); // a Saturday
    expect(calendar.holidayName(day('2026-10-01'))).toBe('国庆节');
  });

  it('takes ordinary weekends off', () => {
    expect(calendar.isWorkingDay(day('2026-11-21'))).toBe(false); // Saturday
    expect(calendar.isWorkingDay(day('2026-11-23'))).toBe(true); // Monday
  });

  it('lets a policy add its own closing days and working days', () => {
    const own = new WorkingCalendar(
      { ...policy.calendar, extraHolidays: ['2026-11-23'], extraWorkdays: ['2026-11-21'] },
      clock,
    );
    expect(own.isWorkingDay(day('2026-11-23'))).toBe(false);
    expect(own.isWorkingDay(day('2026-11-21'))).toBe(true);
  });
});

describe('case deadlines in working days', () => {
  it('a level-1 alert on the eve of National Day gets its call-back deadline after the holiday, counting the make-up Saturday', () => {
    const identified = Date.parse('2026-09-30T02:00:00+08:00');
    const deadlines = caseDeadlines(policy, calendar, 1, identified);
    // Working days after 30 Sep: 8 Oct, 9 Oct, 10 Oct (Saturday, make-up day): due by the end of 10 Oct.
    expect(local(deadlines.firstContactBy)).toBe('2026-10-11T00:00:00+08:00');
    expect(local(deadlines.alertDeliveryBy)).toBe('2026-10-09T00:00:00+08:00');
    expect(local(deadlines.responsePlanBy)).toBe('2026-10-01T02:00:00+08:00');
    expect(deadlines.ownerRole).toBe('customer_service');
    expect(deadlines.followUpEveryDays).toBe(7);
  });

  it('a level-2 alert gets 5 working days for the one-to-one', () => {
    const deadlines = caseDeadlines(policy, calendar, 2, Date.parse('2026-09-30T02:00:00+08:00'));
    // 8, 9, 10, 12, 13 October.
    expect(local(deadlines.firstContactBy)).toBe('2026-10-14T00:00:00+08:00');
    expect(deadlines.ownerRole).toBe('operations');
  });

  it('a Sunday make-up working day counts as a working day', () => {
    // Friday 18 Sep 2026, then Sunday 20 Sep is a working day (调休 for Mid-Autumn / National Day).
    const deadlines = caseDeadlines(policy, calendar, 1, Date.parse('2026-09-18T10:00:00+08:00'));
    expect(local(deadlines.firstContactBy)).toBe('2026-09-23T00:00:00+08:00');
  });

  it('warns when a deadline falls in a year whose holidays are not published in the calendar data', () => {
    const late = caseDeadlines(policy, calendar, 2, Date.parse('2026-12-28T02:00:00+08:00'));
    expect(late.calendarWarning).toMatch(/public holidays of 2027/);
    expect(caseDeadlines(policy, calendar, 2, Date.parse('2026-11-23T02:00:00+08:00')).calendarWarning).toBeUndefined();
  });
});
