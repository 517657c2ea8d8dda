import { z } from 'zod';
import { RECENT_HORIZON_DAYS, type CustomerState } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { countInstantsIn, formatPercent } from './window-count.ts';

export const activityDrop = defineIndicatorKind({
  kind: 'activity_drop',
  description:
    'Visits plus interactions in the last `windowDays` are fewer than `ratio` times those of the `windowDays` before (at least `minPrevious`).',
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
    const activity = (state: CustomerState, from: number, to: number) =>
      countInstantsIn(state.visits.recentAt, from, to) + countInstantsIn(state.interactions.recent, from, to);
    return {
      fires: ({ state }) => {
        const previous = activity(state, previousStart, windowStart);
        return previous >= minPrevious && activity(state, windowStart, asOf.at) < ratio * previous;
      },
      explain: ({ state }) =>
        `${activity(state, windowStart, asOf.at)} visits and interactions in the last ${windowDays} days vs ` +
        `${activity(state, previousStart, windowStart)} in the ${windowDays} days before (limit ${formatPercent(ratio)})`,
    };
  },
});
