import { z } from 'zod';
import { RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { atOf, countInWindow, formatPercent } from './window-count.ts';

export const activityDrop = defineIndicatorKind({
  kind: 'activity_drop',
  description: 'Visits plus interactions in the last `windowDays` are fewer than `ratio` times those of the `windowDays` before (at least `minPrevious`).',
  thresholds: z
    .object({
      windowDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS / 2),
      ratio: z.number().gt(0).max(1),
      minPrevious: z.number().int().min(1),
    })
    .strict(),
  bind({ windowDays, ratio, minPrevious }, asOf) {
    const windowStart = asOf.since(windowDays);
    const previousStart = asOf.since(windowDays * 2);
    const own = (instant: number): number => instant;
    return ({ state }) => {
      const visits = state.visits.recent;
      const interactions = state.interactions.recent;
      const previous = countInWindow(visits, previousStart, windowStart, atOf) + countInWindow(interactions, previousStart, windowStart, own);
      if (previous < minPrevious) return null;
      const recent = countInWindow(visits, windowStart, asOf.at, atOf) + countInWindow(interactions, windowStart, asOf.at, own);
      if (recent >= ratio * previous) return null;
      return `${recent} visits and interactions in the last ${windowDays} days vs ${previous} in the ${windowDays} days before (limit ${formatPercent(ratio)})`;
    };
  },
});
