import { z } from 'zod';
import { RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { complaintsIn } from './complaints-in-window.ts';
import { defineIndicatorKind } from './indicator-kind.ts';

export const singleMinorComplaint = defineIndicatorKind({
  kind: 'single_minor_complaint',
  description: 'Exactly one complaint in the last `withinDays`, and it is minor.',
  thresholds: z.object({ withinDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS) }).strict(),
  bind({ withinDays }, asOf) {
    const from = asOf.since(withinDays);
    return ({ state }) => {
      if (state.complaints.length === 0) return null;
      const recent = complaintsIn(state, from, asOf.at);
      const only = recent[0];
      if (recent.length !== 1 || only === undefined || only.severity !== 'minor') return null;
      return `one minor complaint (${only.category}) on ${asOf.date(only.at)}${only.resolved ? ', resolved' : ''}`;
    };
  },
});
