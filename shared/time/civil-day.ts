/**
 * Calendar dates as whole day numbers (days since 1970-01-01) so that the indicators compare
 * and subtract dates with integer arithmetic: scoring a million customers a second leaves no
 * room for Date objects. Conversions follow Howard Hinnant's `days_from_civil` algorithms.
 */
export type DayNumber = number;
/** Months since year 0 (year * 12 + month - 1), so consecutive months differ by one. */
export type MonthIndex = number;

export interface CivilDate {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

export function dayFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDay(dayNumber: DayNumber): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function monthOfDay(dayNumber: DayNumber): MonthIndex {
  const { year, month } = civilFromDay(dayNumber);
  return year * 12 + month - 1;
}

export function firstDayOfMonth(monthIndex: MonthIndex): DayNumber {
  return dayFromCivil(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 1);
}

/** 0 = Sunday ... 6 = Saturday, as Date#getDay. */
export function weekdayOfDay(dayNumber: DayNumber): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function formatDay(dayNumber: DayNumber): string {
  const { year, month, day } = civilFromDay(dayNumber);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

export function formatMonth(monthIndex: MonthIndex): string {
  return `${Math.floor(monthIndex / 12)}-${pad2((monthIndex % 12) + 1)}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`; returns undefined for anything else or an impossible date (2026-02-30). */
export function parseDay(text: string): DayNumber | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const dayNumber = dayFromCivil(year, month, day);
  const back = civilFromDay(dayNumber);
  return back.year === year && back.month === month && back.day === day ? dayNumber : undefined;
}
