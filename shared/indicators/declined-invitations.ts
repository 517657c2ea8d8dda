import { z } from 'zod';
import { RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { atOf, itemsInWindow } from './window-count.ts';

export const declinedInvitations = defineIndicatorKind({
  kind: 'declined_invitations',
  description: 'At least `min` invitations answered declined, ignored or perfunctory in the last `withinDays`.',
  thresholds: z.object({ withinDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS), min: z.number().int().min(1) }).strict(),
  bind({ withinDays, min }, asOf) {
    const from = asOf.since(withinDays);
    return ({ state }) => {
      if (state.invitations.length < min) return null;
      const turnedDown = itemsInWindow(state.invitations, from, asOf.at, atOf).filter(([, response]) => response !== 'accepted');
      if (turnedDown.length < min) return null;
      const counts = new Map<string, number>();
      for (const [, response] of turnedDown) counts.set(response, (counts.get(response) ?? 0) + 1);
      const detail = [...counts].map(([response, n]) => `${n} ${response}`).join(', ');
      return `${turnedDown.length} invitations turned down in the last ${withinDays} days (${detail}; limit ${min})`;
    };
  },
});
