import { z } from 'zod';
import { type CustomerState, RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { complaintsIn } from './complaints-in-window.ts';
import { defineIndicatorKind } from './indicator-kind.ts';

export const singleMinorComplaint = defineIndicatorKind({
  kind: 'single_minor_complaint',
  description: 'Exactly one complaint in the last `withinDays`, and it is minor.',
  thresholds: z.object({ withinDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS) }).strict(),
  bind({ withinDays }, asOf) {
    const from = asOf.since(withinDays);
    const onlyMinor = (state: CustomerState) => {
      const recent = complaintsIn(state, from, asOf.at);
      return recent.length === 1 && recent[0]?.severity === 'minor' ? recent[0] : undefined;
    };
    return {
      fires: ({ state }) => state.complaints.length > 0 && onlyMinor(state) !== undefined,
      explain: ({ state }) => {
        const only = onlyMinor(state);
        return `one minor complaint (${only?.category}) on ${asOf.date(only?.at ?? 0)}${only?.resolved ? ', resolved' : ''}`;
      },
    };
  },
});
