import { z } from 'zod';
import { defineIndicatorKind } from './indicator-kind.ts';

export const negativeReviewRefusedContact = defineIndicatorKind({
  kind: 'negative_review_refused_contact',
  description: 'A negative review followed later by a refused contact.',
  thresholds: z.object({}).strict(),
  bind(_thresholds, asOf) {
    return ({ state }) => {
      const reviewedAt = state.reviews.firstNegativeAt;
      const refusedAt = state.lastContactRefusedAt;
      if (reviewedAt === null || refusedAt === null || refusedAt <= reviewedAt || refusedAt > asOf.at) return null;
      return `negative review on ${asOf.date(reviewedAt)}, then refused contact on ${asOf.date(refusedAt)}`;
    };
  },
});
