import { z } from 'zod';
import { RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { complaintsIn } from './complaints-in-window.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { atOf, itemsInWindow } from './window-count.ts';

export const dmServiceComplaint = defineIndicatorKind({
  kind: 'dm_service_complaint',
  description: 'A DM rating of `maxScore` or lower, or a complaint of category dm, in the last `withinDays`.',
  thresholds: z.object({ withinDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS), maxScore: z.number().int().min(1).max(5) }).strict(),
  bind({ withinDays, maxScore }, asOf) {
    const from = asOf.since(withinDays);
    return ({ state }) => {
      if (state.ratings.length === 0 && state.complaints.length === 0) return null;
      const lowRatings = itemsInWindow(state.ratings, from, asOf.at, atOf).filter(([, target, score]) => target === 'dm' && score <= maxScore);
      const complaints = complaintsIn(state, from, asOf.at).filter((c) => c.category === 'dm');
      if (lowRatings.length === 0 && complaints.length === 0) return null;
      const parts = [
        ...lowRatings.map(([at, , score]) => `DM rated ${score}/5 on ${asOf.date(at)}`),
        ...complaints.map((c) => `DM complaint on ${asOf.date(c.at)}`),
      ];
      return `${parts.join(', ')} (last ${withinDays} days)`;
    };
  },
});
