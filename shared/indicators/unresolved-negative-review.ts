import { z } from 'zod';
import { defineIndicatorKind } from './indicator-kind.ts';

export const unresolvedNegativeReview = defineIndicatorKind({
  kind: 'unresolved_negative_review',
  description: 'A negative review that is not resolved.',
  thresholds: z.object({}).strict(),
  bind(_thresholds, asOf) {
    return ({ state }) => {
      const open = state.reviews.openNegative.filter(([at]) => at <= asOf.at);
      if (open.length === 0) return null;
      return `${open.length === 1 ? 'negative review' : `${open.length} negative reviews`} not resolved: ${open
        .map(([at, , platform]) => `${platform} ${asOf.date(at)}`)
        .join(', ')}`;
    };
  },
});
