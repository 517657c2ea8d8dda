import { type DayNumber, formatDay, formatMonth, type MonthIndex, parseDay, weekdayOfDay } from '../time/civil-day.ts';
import type { ZonedClock } from '../time/zoned-clock.ts';
import type { ReportKind } from './report-kind.ts';

/**
 * The period a report covers, in the policy's local dates: a week from its Monday, a month, or a
 * quarter of three months. `from` and `to` are local ISO dates, [from, to), so that instants
 * written in the policy's time zone compare with them as strings.
 */
export interface ReportPeriod {
  /** As the user writes it: 2026-11-23 (a week's Monday), 2026-11, 2026-Q4. */
  label: string;
  from: string;
  to: string;
  /** The months the period touches, oldest first (a week: the one or two it spans). */
  months: string[];
}

export class PeriodError extends Error {
  override readonly name = 'PeriodError';
}

const monthIndexOf = (month: string): MonthIndex => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return year * 12 + m - 1;
};

/** "2026-11" moved by whole months: +1 -> "2026-12", -3 -> "2026-08". */
export const shiftMonth = (month: string, months: number): string => formatMonth(monthIndexOf(month) + months);

/** A period's local date ("2026-11-23") as its day number. */
export function dayNumberOf(day: string): DayNumber {
  const number = parseDay(day);
  if (number === undefined) throw new PeriodError(`not a date: "${day}"`);
  return number;
}

/** "2026-11-23" moved by whole days. */
export const shiftDay = (day: string, days: number): string => formatDay(dayNumberOf(day) + days);

/** The month and the ones before it, oldest first: "2026-11", 3 -> 2026-09, 2026-10, 2026-11. */
export const monthsEndingAt = (month: string, count: number): string[] =>
  monthsFrom(monthIndexOf(month) - count + 1, count);
const monthsFrom = (first: MonthIndex, count: number) =>
  Array.from({ length: count }, (_, i) => formatMonth(first + i));

function monthsPeriod(label: string, first: MonthIndex, count: number): ReportPeriod {
  return {
    label,
    from: `${formatMonth(first)}-01`,
    to: `${formatMonth(first + count)}-01`,
    months: monthsFrom(first, count),
  };
}

/** Reads `--period` for a kind of report; a wrong shape is named with what was expected. */
export function parsePeriod(kind: ReportKind, text: string): ReportPeriod {
  if (kind === 'weekly') {
    const day = parseDay(text);
    if (day === undefined || weekdayOfDay(day) !== 1)
      throw new PeriodError(`--period: expected the Monday a week starts on, such as 2026-11-23, got "${text}"`);
    const to = formatDay(day + 7);
    return { label: text, from: text, to, months: [...new Set([text.slice(0, 7), formatDay(day + 6).slice(0, 7)])] };
  }
  if (kind === 'quarterly') {
    const match = /^(\d{4})-Q([1-4])$/.exec(text);
    if (match === null) throw new PeriodError(`--period: expected a quarter such as 2026-Q4, got "${text}"`);
    return monthsPeriod(text, Number(match[1]) * 12 + (Number(match[2]) - 1) * 3, 3);
  }
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(text))
    throw new PeriodError(`--period: expected a month such as 2026-11, got "${text}"`);
  return monthsPeriod(text, monthIndexOf(text), 1);
}

/**
 * The period a scheduled run reports on, at the instant it fires: the week or month or quarter
 * that has just ended; the risk list is the one of the month just begun (its screening ran on the 1st).
 */
export function periodDue(kind: ReportKind, at: number, clock: ZonedClock): ReportPeriod {
  const today = clock.dayOf(at);
  const month = clock.monthOf(at);
  switch (kind) {
    case 'weekly': {
      const thisMonday = today - ((weekdayOfDay(today) + 6) % 7);
      return parsePeriod(kind, formatDay(thisMonday - 7));
    }
    case 'risk-list':
      return parsePeriod(kind, formatMonth(month));
    case 'quarterly': {
      const previous = month - (month % 3) - 3;
      return parsePeriod(kind, `${Math.floor(previous / 12)}-Q${(previous % 12) / 3 + 1}`);
    }
    default:
      return parsePeriod(kind, formatMonth(month - 1));
  }
}
