import { z } from 'zod';
import { RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { atOf, itemsInWindow } from './window-count.ts';

export const environmentUnrectified = defineIndicatorKind({
  kind: 'environment_unrectified',
  description: 'An environment complaint not resolved (at any time), or an environment rating of `maxScore` or lower in the last `withinDays`.',
  thresholds: z.object({ withinDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS), maxScore: z.number().int().min(1).max(5) }).strict(),
  bind({ withinDays, maxScore }, asOf) {
    const from = asOf.since(withinDays);
    return ({ state }) => {
      if (state.ratings.length === 0 && state.complaints.length === 0) return null;
      const open = state.complaints.filter((c) => c.category === 'environment' && !c.resolved && c.at <= asOf.at);
      const lowRatings = itemsInWindow(state.ratings, from, asOf.at, atOf).filter(
        ([, target, score]) => target === 'environment' && score <= maxScore,
      );
      if (open.length === 0 && lowRatings.length === 0) return null;
      const parts = [
        ...open.map((c) => `environment complaint of ${asOf.date(c.at)} not resolved`),
        ...lowRatings.map(([at, , score]) => `environment rated ${score}/5 on ${asOf.date(at)}`),
      ];
      return parts.join(', ');
    };
  },
});
