import { z } from 'zod';
import { RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { complaintsIn, countComplaintsIn } from './complaints-in-window.ts';
import { defineIndicatorKind } from './indicator-kind.ts';

const any = (): boolean => true;

export const repeatComplaints = defineIndicatorKind({
  kind: 'repeat_complaints',
  description: 'At least `min` complaints in the last `withinDays`.',
  thresholds: z
    .object({ withinDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS), min: z.number().int().min(2) })
    .strict(),
  bind({ withinDays, min }, asOf) {
    const from = asOf.since(withinDays);
    return {
      fires: ({ state }) => state.complaints.length >= min && countComplaintsIn(state, from, asOf.at, any) >= min,
      explain: ({ state }) => {
        const recent = complaintsIn(state, from, asOf.at);
        return `${recent.length} complaints in the last ${withinDays} days (limit ${min}): ${recent.map((c) => `${asOf.date(c.at)} ${c.severity} ${c.category}`).join(', ')}`;
      },
    };
  },
});
