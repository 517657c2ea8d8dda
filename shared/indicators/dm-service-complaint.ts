import { z } from 'zod';
import { RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { complaintsIn, countComplaintsIn } from './complaints-in-window.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { countLowRatings, lowRatings } from './rating-window.ts';

export const dmServiceComplaint = defineIndicatorKind({
  kind: 'dm_service_complaint',
  description: 'A DM rating of `maxScore` or lower, or a complaint of category dm, in the last `withinDays`.',
  thresholds: z
    .object({ withinDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS), maxScore: z.number().int().min(1).max(5) })
    .strict(),
  bind({ withinDays, maxScore }, asOf) {
    const from = asOf.since(withinDays);
    return {
      fires: ({ state }) =>
        (state.ratings.at.length > 0 && countLowRatings(state, 'dm', maxScore, from, asOf.at) > 0) ||
        (state.complaints.length > 0 && countComplaintsIn(state, from, asOf.at, (c) => c.category === 'dm') > 0),
      explain: ({ state }) => {
        const parts = [
          ...lowRatings(state, 'dm', maxScore, from, asOf.at).map((r) => `DM rated ${r.score}/5 on ${asOf.date(r.at)}`),
          ...complaintsIn(state, from, asOf.at)
            .filter((c) => c.category === 'dm')
            .map((c) => `DM complaint on ${asOf.date(c.at)}`),
        ];
        return `${parts.join(', ')} (last ${withinDays} days)`;
      },
    };
  },
});
