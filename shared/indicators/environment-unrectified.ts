import { z } from 'zod';
import { type ComplaintFact, RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { countLowRatings, lowRatings } from './rating-window.ts';

export const environmentUnrectified = defineIndicatorKind({
  kind: 'environment_unrectified',
  description:
    'An environment complaint not resolved (at any time), or an environment rating of `maxScore` or lower in the last `withinDays`.',
  thresholds: z
    .object({ withinDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS), maxScore: z.number().int().min(1).max(5) })
    .strict(),
  bind({ withinDays, maxScore }, asOf) {
    const from = asOf.since(withinDays);
    const open = (c: ComplaintFact): boolean => c.category === 'environment' && !c.resolved && c.at <= asOf.at;
    return {
      fires: ({ state }) =>
        (state.complaints.length > 0 && state.complaints.some(open)) ||
        (state.ratings.at.length > 0 && countLowRatings(state, 'environment', maxScore, from, asOf.at) > 0),
      explain: ({ state }) =>
        [
          ...state.complaints.filter(open).map((c) => `environment complaint of ${asOf.date(c.at)} not resolved`),
          ...lowRatings(state, 'environment', maxScore, from, asOf.at).map(
            (r) => `environment rated ${r.score}/5 on ${asOf.date(r.at)}`,
          ),
        ].join(', '),
    };
  },
});
