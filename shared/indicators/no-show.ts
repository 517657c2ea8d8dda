import { z } from 'zod';
import { type CustomerState, RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { entriesIn } from './window-count.ts';

export const noShow = defineIndicatorKind({
  kind: 'no_show',
  description: 'At least `min` booked appointments missed without cancelling in the last `withinDays`.',
  thresholds: z
    .object({ withinDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS), min: z.number().int().min(1) })
    .strict(),
  bind({ withinDays, min }, asOf) {
    const from = asOf.since(withinDays);
    const missed = (state: CustomerState) =>
      entriesIn(state.appointments, from, asOf.at).filter(([, status]) => status === 'no_show');
    return {
      fires: ({ state }) => state.appointments.length >= min && missed(state).length >= min,
      explain: ({ state }) => {
        const dates = missed(state).map(([at]) => asOf.date(at));
        return `missed appointment${dates.length > 1 ? 's' : ''} without cancelling: ${dates.join(', ')}`;
      },
    };
  },
});
