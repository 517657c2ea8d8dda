import type { Policy } from '../policy/policy-schema.ts';
import { civilFromDay, type DayNumber, parseDay, weekdayOfDay } from '../time/civil-day.ts';
import type { ZonedClock } from '../time/zoned-clock.ts';
import { cnStatutoryDays } from './cn-statutory-days.ts';

export type CalendarConfig = Policy['calendar'];

/**
 * Working days of a policy: weekdays, less public holidays, plus make-up working days, plus the
 * policy's own additions (a store's closures, a year the package does not know yet). Deadlines
 * in working days (3 for a level-1 call-back, 5 for a level-2 meeting) are counted here, because
 * Step Functions and EventBridge know only seconds.
 */
export class WorkingCalendar {
  readonly #weekend: ReadonlySet<number>;
  readonly #holidays = new Map<DayNumber, string>();
  readonly #workdays = new Map<DayNumber, string>();
  readonly #knownYears: { first: number; last: number } | null;
  readonly clock: ZonedClock;

  constructor(config: CalendarConfig, clock: ZonedClock) {
    this.clock = clock;
    this.#weekend = new Set(config.weekend);
    if (config.holidays === 'cn-statutory') {
      const statutory = cnStatutoryDays();
      for (const [day, name] of statutory.holidays) this.#holidays.set(day, name);
      for (const [day, name] of statutory.makeUpWorkdays) this.#workdays.set(day, name);
      this.#knownYears = { first: statutory.firstYear, last: statutory.lastYear };
    } else {
      this.#knownYears = null;
    }
    for (const date of config.extraHolidays) {
      const day = parseDay(date);
      if (day !== undefined) {
        this.#holidays.set(day, 'policy holiday');
        this.#workdays.delete(day);
      }
    }
    for (const date of config.extraWorkdays) {
      const day = parseDay(date);
      if (day !== undefined) {
        this.#workdays.set(day, 'policy working day');
        this.#holidays.delete(day);
      }
    }
  }

  isWorkingDay(day: DayNumber): boolean {
    if (this.#workdays.has(day)) return true;
    if (this.#holidays.has(day)) return false;
    return !this.#weekend.has(weekdayOfDay(day));
  }

  /** The holiday's name, for a deadline that a person asks "why so late?" about. */
  holidayName(day: DayNumber): string | undefined {
    return this.#holidays.get(day);
  }

  /**
   * Whether the statutory data covers that date's year. Beyond it, only weekends and the policy's
   * own dates count: the State Council publishes each year's holidays late in the year before.
   */
  knowsHolidaysOf(day: DayNumber): boolean {
    if (this.#knownYears === null) return true;
    const { year } = civilFromDay(day);
    return year >= this.#knownYears.first && year <= this.#knownYears.last;
  }

  /** The `count`-th working day after `day` (the day itself not counted). */
  addWorkingDays(day: DayNumber, count: number): DayNumber {
    let current = day;
    let remaining = count;
    while (remaining > 0) {
      current += 1;
      if (this.isWorkingDay(current)) remaining -= 1;
    }
    return current;
  }

  /**
   * "Within N working days of `instant`": the end of the N-th working day after the instant's
   * local date, i.e. the start (00:00 local) of the day that follows it.
   */
  deadlineAfter(instant: number, workingDays: number): number {
    const lastDay = this.addWorkingDays(this.clock.dayOf(instant), workingDays);
    return this.clock.startOfDay(lastDay + 1);
  }
}
