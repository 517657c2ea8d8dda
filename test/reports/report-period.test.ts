import { describe, expect, it } from 'vitest';
import { parsePeriod, periodDue } from '#shared/reports/report-period.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';

const shanghai = new ZonedClock('Asia/Shanghai');
const at = (iso: string) => Date.parse(iso);

describe('the period a scheduled report covers', () => {
  it("is the week, month or quarter just ended in the policy's time zone, and the risk list of the month just begun", () => {
    // Monday 30 November 09:00 in Shanghai: the week of 23 November.
    expect(periodDue('weekly', at('2026-11-30T09:00:00+08:00'), shanghai).label).toBe('2026-11-23');
    // 1 January 2027 00:30 in Shanghai is still 31 December in UTC: the local month decides.
    expect(periodDue('evaluation', at('2027-01-01T00:30:00+08:00'), shanghai).label).toBe('2026-12');
    expect(periodDue('kpis', at('2026-12-01T07:00:00+08:00'), shanghai).label).toBe('2026-11');
    expect(periodDue('risk-list', at('2026-12-01T07:00:00+08:00'), shanghai).label).toBe('2026-12');
    expect(periodDue('quarterly', at('2027-01-01T08:00:00+08:00'), shanghai).label).toBe('2026-Q4');
    expect(periodDue('quarterly', at('2026-04-01T08:00:00+08:00'), shanghai).label).toBe('2026-Q1');
  });

  it('reads periods as local date ranges and names a wrong one', () => {
    expect(parsePeriod('quarterly', '2026-Q4')).toEqual({
      label: '2026-Q4',
      from: '2026-10-01',
      to: '2027-01-01',
      months: ['2026-10', '2026-11', '2026-12'],
    });
    expect(parsePeriod('weekly', '2026-11-30')).toEqual({
      label: '2026-11-30',
      from: '2026-11-30',
      to: '2026-12-07',
      months: ['2026-11', '2026-12'],
    });
    expect(() => parsePeriod('quarterly', '2026-Q5')).toThrow(
      '--period: expected a quarter such as 2026-Q4, got "2026-Q5"',
    );
    expect(() => parsePeriod('evaluation', '2026-13')).toThrow(
      '--period: expected a month such as 2026-11, got "2026-13"',
    );
  });
});
