import { type CustomerState, RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { windowComparisonThresholds } from './window-comparison.ts';
import { countInstantsIn, formatPercent } from './window-count.ts';

export const activityDrop = defineIndicatorKind({
  kind: 'activity_drop',
  description:
    'Visits plus interactions in the last `windowDays` are fewer than `ratio` times those of the `windowDays` before (at least `minPrevious`).',
  thresholds: windowComparisonThresholds(RECENT_HORIZON_DAYS / 2),
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
