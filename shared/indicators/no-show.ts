import { z } from 'zod';
import { RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { atOf, itemsInWindow } from './window-count.ts';

export const noShow = defineIndicatorKind({
  kind: 'no_show',
  description: 'At least `min` booked appointments missed without cancelling in the last `withinDays`.',
  thresholds: z.object({ withinDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS), min: z.number().int().min(1) }).strict(),
  bind({ withinDays, min }, asOf) {
    const from = asOf.since(withinDays);
    return ({ state }) => {
      if (state.appointments.length < min) return null;
      const missed = itemsInWindow(state.appointments, from, asOf.at, atOf).filter(([, status]) => status === 'no_show');
      if (missed.length < min) return null;
      return `missed appointment${missed.length > 1 ? 's' : ''} without cancelling: ${missed.map(([at]) => asOf.date(at)).join(', ')}`;
    };
  },
});
