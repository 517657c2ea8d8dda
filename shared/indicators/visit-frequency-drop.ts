import { VISIT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { windowComparisonThresholds } from './window-comparison.ts';
import { countInstantsIn, firstInstantAfter, formatPercent } from './window-count.ts';

export const visitFrequencyDrop = defineIndicatorKind({
  kind: 'visit_frequency_drop',
  description:
    'Visits in the last `windowDays` are fewer than `ratio` times the visits in the `windowDays` before those, which were at least `minPrevious`.',
  thresholds: windowComparisonThresholds(VISIT_HORIZON_DAYS / 2),
  bind({ windowDays, ratio, minPrevious }, asOf) {
    const windowStart = asOf.since(windowDays);
    const previousStart = asOf.since(windowDays * 2);
    return {
      fires: ({ state }) => {
        const visits = state.visits.recentAt;
        const count = visits.length;
        if (count < minPrevious) return false;
        const windowFrom = firstInstantAfter(visits, windowStart);
        const previous = windowFrom - firstInstantAfter(visits, previousStart);
        if (previous < minPrevious) return false;
        // Nearly always every visit is before the as-of moment: skip the third search.
        const end = (visits[count - 1] as number) <= asOf.at ? count : firstInstantAfter(visits, asOf.at);
        return end - windowFrom < ratio * previous;
      },
      explain: ({ state }) =>
        `${countInstantsIn(state.visits.recentAt, windowStart, asOf.at)} visits in the last ${windowDays} days vs ` +
        `${countInstantsIn(state.visits.recentAt, previousStart, windowStart)} in the ${windowDays} days before (limit ${formatPercent(ratio)})`,
    };
  },
});
