import statutory from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { type DayNumber, parseDay } from '../time/civil-day.ts';

/**
 * Mainland China's public holidays and weekend make-up working days (调休), as published by the
 * State Council each year and kept by the chinese-days package. Only the data is used: the
 * package's own date functions read the machine's time zone, ours reads the policy's.
 */
export interface StatutoryDays {
  holidays: ReadonlyMap<DayNumber, string>;
  makeUpWorkdays: ReadonlyMap<DayNumber, string>;
  firstYear: number;
  lastYear: number;
}

function toDayMap(entries: Record<string, string>): Map<DayNumber, string> {
  const map = new Map<DayNumber, string>();
  for (const [date, description] of Object.entries(entries)) {
    const day = parseDay(date);
    // "Spring Festival,春节,4": keep the Chinese name staff read.
    if (day !== undefined) map.set(day, description.split(',')[1] ?? description);
  }
  return map;
}

let cached: StatutoryDays | undefined;

export function cnStatutoryDays(): StatutoryDays {
  if (cached === undefined) {
    const years = Object.keys(statutory.holidays).map((date) => Number(date.slice(0, 4)));
    cached = {
      holidays: toDayMap(statutory.holidays),
      makeUpWorkdays: toDayMap(statutory.workdays),
      firstYear: Math.min(...years),
      lastYear: Math.max(...years),
    };
  }
  return cached;
}
