import type { ModelBook } from '../model/model-book.ts';
import { type DayNumber, firstDayOfMonth, formatDay, type MonthIndex } from '../time/civil-day.ts';
import type { ZonedClock } from '../time/zoned-clock.ts';

/**
 * The moment a scoring run looks from, read in the policy's time zone once per run, so that
 * each indicator compares a customer's instants against ready-made boundaries.
 */
export class AsOf {
  readonly at: number;
  readonly day: DayNumber;
  readonly month: MonthIndex;
  readonly clock: ZonedClock;
  readonly #daysBefore = new Map<number, number>();
  readonly #monthStarts = new Map<MonthIndex, number>();

  /** The fitted return models, when the run has them (the model_low_return indicator reads them). */
  readonly models: ModelBook | undefined;

  constructor(at: number, clock: ZonedClock, models?: ModelBook) {
    this.at = at;
    this.clock = clock;
    this.models = models;
    this.day = clock.dayOf(at);
    this.month = clock.monthOf(at);
  }

  /** The start of "the last N days", the interval (as-of minus N days, as-of]: calendar days in the zone. */
  since(days: number): number {
    let instant = this.#daysBefore.get(days);
    if (instant === undefined) {
      instant = this.clock.daysBefore(this.at, days);
      this.#daysBefore.set(days, instant);
    }
    return instant;
  }

  /** The instant a local calendar month begins. */
  monthStart(month: MonthIndex): number {
    let instant = this.#monthStarts.get(month);
    if (instant === undefined) {
      instant = this.clock.startOfDay(firstDayOfMonth(month));
      this.#monthStarts.set(month, instant);
    }
    return instant;
  }

  /** Calendar days from the local date of an instant to the as-of date. */
  daysSince(instant: number): number {
    return this.day - this.clock.dayOf(instant);
  }

  date(instant: number): string {
    return formatDay(this.clock.dayOf(instant));
  }
}
