import { tzOffset } from '@date-fns/tz';
import { type DayNumber, type MonthIndex, monthOfDay, parseDay } from './civil-day.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/**
 * Reads instants as dates and months of one time zone (the policy's), because "the last visit's
 * date" and "the as-of month" mean the store's calendar, not UTC's. Offsets come from the IANA
 * data through @date-fns/tz and are cached per UTC hour: zones only change offset on the hour,
 * and the fold asks for the same few hours again and again.
 */
export class ZonedClock {
  readonly timeZone: string;
  readonly #offsetByHour = new Map<number, number>();

  constructor(timeZone: string) {
    if (Number.isNaN(tzOffset(timeZone, new Date(0)))) {
      throw new RangeError(`unknown time zone "${timeZone}"`);
    }
    this.timeZone = timeZone;
  }

  /** Minutes east of UTC at that instant (480 for Asia/Shanghai). */
  offsetMinutes(instantMs: number): number {
    const hour = Math.floor(instantMs / HOUR_MS);
    let offset = this.#offsetByHour.get(hour);
    if (offset === undefined) {
      if (this.#offsetByHour.size > 200_000) this.#offsetByHour.clear();
      offset = tzOffset(this.timeZone, new Date(hour * HOUR_MS));
      this.#offsetByHour.set(hour, offset);
    }
    return offset;
  }

  dayOf(instantMs: number): DayNumber {
    return Math.floor((instantMs + this.offsetMinutes(instantMs) * MINUTE_MS) / DAY_MS);
  }

  monthOf(instantMs: number): MonthIndex {
    return monthOfDay(this.dayOf(instantMs));
  }

  /** The instant a local date begins (its 00:00 in this zone). */
  startOfDay(day: DayNumber): number {
    const utcMidnight = day * DAY_MS;
    // Two passes settle the offset on days when it changes (DST zones).
    let instant = utcMidnight - this.offsetMinutes(utcMidnight) * MINUTE_MS;
    instant = utcMidnight - this.offsetMinutes(instant) * MINUTE_MS;
    return instant;
  }

  /** The same local wall-clock time `days` calendar days earlier. */
  daysBefore(instantMs: number, days: number): number {
    const local = instantMs + this.offsetMinutes(instantMs) * MINUTE_MS - days * DAY_MS;
    let instant = local - this.offsetMinutes(local) * MINUTE_MS;
    instant = local - this.offsetMinutes(instant) * MINUTE_MS;
    return instant;
  }

  /** `YYYY-MM-DDTHH:mm:ss+08:00` in this zone: what a store manager reads. */
  formatInstant(instantMs: number): string {
    const offset = this.offsetMinutes(instantMs);
    const local = new Date(instantMs + offset * MINUTE_MS).toISOString().slice(0, 19);
    const sign = offset >= 0 ? '+' : '-';
    const abs = Math.abs(offset);
    const hh = String(Math.floor(abs / 60)).padStart(2, '0');
    const mm = String(abs % 60).padStart(2, '0');
    return `${local}${sign}${hh}:${mm}`;
  }

  /**
   * An as-of moment from the command line. A bare date (`2026-11-23`) means the end of that day in
   * this zone, so "as of the 23rd" includes what happened on the 23rd; a full ISO instant is itself.
   */
  parseAsOf(text: string): number | undefined {
    const day = parseDay(text);
    if (day !== undefined) return this.startOfDay(day + 1) - 1;
    if (!ISO_INSTANT.test(text)) return undefined;
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : ms;
  }
}

/** ISO-8601 with a time and an explicit offset (or Z): a bare local time would be ambiguous. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
