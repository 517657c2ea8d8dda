import { z } from 'zod';
import { VISIT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { atOf, countInWindow, formatPercent } from './window-count.ts';

export const visitFrequencyDrop = defineIndicatorKind({
  kind: 'visit_frequency_drop',
  description: 'Visits in the last `windowDays` are fewer than `ratio` times the visits in the `windowDays` before those, which were at least `minPrevious`.',
  thresholds: z
    .object({
      windowDays: z.number().int().min(1).max(VISIT_HORIZON_DAYS / 2),
      ratio: z.number().gt(0).max(1),
      minPrevious: z.number().int().min(1),
    })
    .strict(),
  bind({ windowDays, ratio, minPrevious }, asOf) {
    const windowStart = asOf.since(windowDays);
    const previousStart = asOf.since(windowDays * 2);
    return ({ state }) => {
      const visits = state.visits.recent;
      const previous = countInWindow(visits, previousStart, windowStart, atOf);
      if (previous < minPrevious) return null;
      const recent = countInWindow(visits, windowStart, asOf.at, atOf);
      if (recent >= ratio * previous) return null;
      return `${recent} visits in the last ${windowDays} days vs ${previous} in the ${windowDays} days before (limit ${formatPercent(ratio)})`;
    };
  },
});
