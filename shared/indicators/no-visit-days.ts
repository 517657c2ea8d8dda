import { z } from 'zod';
import { VISIT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';

export const noVisitDays = defineIndicatorKind({
  kind: 'no_visit_days',
  description:
    'A customer who has visited before made no visit in the last `days` (the interval as-of minus `days`, as-of].',
  thresholds: z.object({ days: z.number().int().min(1).max(VISIT_HORIZON_DAYS) }).strict(),
  bind({ days }, asOf) {
    const since = asOf.since(days);
    return {
      fires: ({ state }) => state.visits.last !== null && state.visits.last.at <= since,
      explain: ({ state }) => {
        const at = state.visits.last?.at ?? 0;
        return `no visit in the last ${days} days; last visit ${asOf.date(at)}, ${asOf.daysSince(at)} days ago`;
      },
    };
  },
});
