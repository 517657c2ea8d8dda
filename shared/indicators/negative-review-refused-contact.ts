import { z } from 'zod';
import { defineIndicatorKind } from './indicator-kind.ts';

export const negativeReviewRefusedContact = defineIndicatorKind({
  kind: 'negative_review_refused_contact',
  description: 'A negative review followed later by a refused contact.',
  thresholds: z.object({}).strict(),
  bind(_thresholds, asOf) {
    return {
      fires: ({ state }) => {
        const reviewedAt = state.reviews.firstNegativeAt;
        const refusedAt = state.lastContactRefusedAt;
        return reviewedAt !== null && refusedAt !== null && refusedAt > reviewedAt && refusedAt <= asOf.at;
      },
      explain: ({ state }) =>
        `negative review on ${asOf.date(state.reviews.firstNegativeAt ?? 0)}, then refused contact on ${asOf.date(state.lastContactRefusedAt ?? 0)}`,
    };
  },
});
