import { z } from 'zod';
import { defineIndicatorKind } from './indicator-kind.ts';

export const unresolvedNegativeReview = defineIndicatorKind({
  kind: 'unresolved_negative_review',
  description: 'A negative review that is not resolved.',
  thresholds: z.object({}).strict(),
  bind(_thresholds, asOf) {
    return {
      fires: ({ state }) => {
        const first = state.reviews.openNegative[0];
        return first !== undefined && first[0] <= asOf.at;
      },
      explain: ({ state }) => {
        const open = state.reviews.openNegative.filter(([at]) => at <= asOf.at);
        const what = open.length === 1 ? 'negative review' : `${open.length} negative reviews`;
        return `${what} not resolved: ${open.map(([at, , platform]) => `${platform} ${asOf.date(at)}`).join(', ')}`;
      },
    };
  },
});
