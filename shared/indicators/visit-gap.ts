import { z } from 'zod';
import { defineIndicatorKind } from './indicator-kind.ts';

export const visitGap = defineIndicatorKind({
  kind: 'visit_gap',
  description:
    "Calendar days from the last visit's date to the as-of date are more than `over` (and at most `atMost`, when given).",
  thresholds: z
    .object({ over: z.number().int().min(0).max(730), atMost: z.number().int().min(1).max(730).optional() })
    .strict()
    .refine((t) => t.atMost === undefined || t.atMost > t.over, {
      message: 'atMost must be greater than over',
      path: ['atMost'],
    }),
  bind({ over, atMost }, asOf) {
    const limit = atMost === undefined ? `limit ${over}` : `between ${over + 1} and ${atMost}`;
    // "More than `over` days" is "before the day `over` days back began": compare instants, read no calendar per customer.
    const before = asOf.clock.startOfDay(asOf.day - over);
    const notBefore = atMost === undefined ? Number.NEGATIVE_INFINITY : asOf.clock.startOfDay(asOf.day - atMost);
    return {
      fires: ({ state }) => {
        const last = state.visits.last;
        return last !== null && last.at < before && last.at >= notBefore;
      },
      explain: ({ state }) => {
        const at = state.visits.last?.at ?? 0;
        return `last visit ${asOf.date(at)}, ${asOf.daysSince(at)} days ago, ${limit}`;
      },
    };
  },
});
