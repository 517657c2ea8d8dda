import { z } from 'zod';
import { RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { complaintsIn, countComplaintsIn } from './complaints-in-window.ts';
import { defineIndicatorKind } from './indicator-kind.ts';

export const seriousComplaint = defineIndicatorKind({
  kind: 'serious_complaint',
  description: 'A serious complaint in the last `withinDays`.',
  thresholds: z.object({ withinDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS) }).strict(),
  bind({ withinDays }, asOf) {
    const from = asOf.since(withinDays);
    return {
      fires: ({ state }) =>
        state.complaints.length > 0 && countComplaintsIn(state, from, asOf.at, (c) => c.severity === 'serious') > 0,
      explain: ({ state }) => {
        const serious = complaintsIn(state, from, asOf.at).filter((c) => c.severity === 'serious');
        return `serious complaint ${serious.map((c) => `${asOf.date(c.at)} (${c.category})`).join(', ')} in the last ${withinDays} days`;
      },
    };
  },
});
