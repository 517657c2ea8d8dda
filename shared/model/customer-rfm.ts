import type { CustomerState } from '../state/customer-state.ts';
import { DAY_MS, type ZonedClock } from '../time/zoned-clock.ts';

/** The unit the model counts time in: weeks suit venues visited monthly, days the daily ones. */
export type TimeUnit = 'day' | 'week';
export const UNIT_DAYS: Record<TimeUnit, number> = { day: 1, week: 7 };

/** A customer as the BG/NBD model sees them: repeat visits, time of the last since the first, age. */
export interface CustomerRfm {
  /** Repeat visits: visits on distinct days after the first. */
  x: number;
  /** The last visit, counted from the first, in the unit. */
  tx: number;
  /** The as-of moment, counted from the first visit, in the unit. */
  T: number;
}

export type RfmReading = { ok: true; rfm: CustomerRfm } | { ok: false; reason: string };

/** Less history than this and the model has nothing to go on: the customer is told so, not given a number. */
export const MIN_AGE_DAYS = 28;

/**
 * Summarises a customer's visits for the model as of a moment. Visits count once per local day
 * (two games one evening are one trip). The state keeps the days of the last 800 days; visits
 * before that are known only by number and are taken as distinct days.
 */
export function customerRfm(state: CustomerState, asOf: number, unit: TimeUnit, clock: ZonedClock): RfmReading {
  const { firstAt, last, count, recentAt } = state.visits;
  if (firstAt === null || last === null || count === 0) return { ok: false, reason: 'no visits yet' };
  const ageDays = (asOf - firstAt) / DAY_MS;
  if (ageDays < MIN_AGE_DAYS)
    return {
      ok: false,
      reason: `first visit ${Math.floor(ageDays)} days ago: too little history for the model (needs ${MIN_AGE_DAYS})`,
    };
  const days = new Set<number>();
  for (const at of recentAt) if (at <= asOf) days.add(clock.dayOf(at));
  const older = count - recentAt.length;
  const distinctDays = days.size + Math.max(0, older);
  const unitMs = UNIT_DAYS[unit] * DAY_MS;
  return {
    ok: true,
    rfm: {
      x: Math.max(0, distinctDays - 1),
      tx: (Math.min(last.at, asOf) - firstAt) / unitMs,
      T: (asOf - firstAt) / unitMs,
    },
  };
}
