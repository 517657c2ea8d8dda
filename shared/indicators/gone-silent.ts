import { z } from 'zod';
import { RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';

export const goneSilent = defineIndicatorKind({
  kind: 'gone_silent',
  description:
    'At least `minInteractions` consult/share interactions before the last `quietDays`, and none within them.',
  thresholds: z
    .object({ minInteractions: z.number().int().min(1), quietDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS) })
    .strict(),
  bind({ minInteractions, quietDays }, asOf) {
    const quietSince = asOf.since(quietDays);
    return {
      fires: ({ state }) => {
        const { activeCount, lastActiveAt } = state.interactions;
        return activeCount >= minInteractions && lastActiveAt !== null && lastActiveAt <= quietSince;
      },
      explain: ({ state }) =>
        `${state.interactions.activeCount} consultations or shares on record, the last on ${asOf.date(state.interactions.lastActiveAt ?? 0)}; none in the last ${quietDays} days`,
    };
  },
});
