import { describe, expect, it } from 'vitest';
import { civilFromDay, dayFromCivil, formatDay, parseDay, weekdayOfDay } from '#shared/time/civil-day.ts';

describe('calendar dates as day numbers', () => {
  it('agrees with the proleptic Gregorian calendar of Date on every day across four centuries', () => {
    for (let day = dayFromCivil(1900, 1, 1); day < dayFromCivil(2300, 1, 1); day += 1) {
      const { year, month, day: dom } = civilFromDay(day);
      expect(formatDay(day)).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
      expect(dayFromCivil(year, month, dom)).toBe(day);
    }
  });

  it('knows 2028-02-29 and rejects 2026-02-29', () => {
    expect(formatDay(parseDay('2028-02-29') as number)).toBe('2028-02-29');
    expect(parseDay('2026-02-29')).toBeUndefined();
  });

  it('agrees with Date on the epoch and weekdays', () => {
    expect(dayFromCivil(1970, 1, 1)).toBe(0);
    expect(weekdayOfDay(parseDay('2026-11-23') as number)).toBe(1); // Monday
  });
});

describe('instants in records', async () => {
  const { isoInstant } = await import('#shared/customer/iso-instant.ts');

  it('accepts real instants with an offset and refuses impossible or ambiguous ones', () => {
    expect(isoInstant.safeParse('2026-11-23T14:30:00+08:00').success).toBe(true);
    expect(isoInstant.safeParse('2028-02-29T00:00:00Z').success).toBe(true);
    expect(isoInstant.safeParse('2026-11-31T19:00:00+08:00').error?.issues[0]?.message).toBe('not a real date-time');
    expect(isoInstant.safeParse('2026-02-29T19:00:00+08:00').success).toBe(false);
    expect(isoInstant.safeParse('2026-11-23T24:00:00+08:00').success).toBe(false);
    expect(isoInstant.safeParse('2026-11-23T14:30:00').error?.issues[0]?.message).toMatch(/with an offset/);
  });
});
