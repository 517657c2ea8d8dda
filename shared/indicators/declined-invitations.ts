import { z } from 'zod';
import { type CustomerState, RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { entriesIn } from './window-count.ts';

export const declinedInvitations = defineIndicatorKind({
  kind: 'declined_invitations',
  description: 'At least `min` invitations answered declined, ignored or perfunctory in the last `withinDays`.',
  thresholds: z
    .object({ withinDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS), min: z.number().int().min(1) })
    .strict(),
  bind({ withinDays, min }, asOf) {
    const from = asOf.since(withinDays);
    const turnedDown = (state: CustomerState) =>
      entriesIn(state.invitations, from, asOf.at).filter(([, response]) => response !== 'accepted');
    return {
      fires: ({ state }) => state.invitations.length >= min && turnedDown(state).length >= min,
      explain: ({ state }) => {
        const answers = turnedDown(state);
        const counts = new Map<string, number>();
        for (const [, response] of answers) counts.set(response, (counts.get(response) ?? 0) + 1);
        const detail = [...counts].map(([response, n]) => `${n} ${response}`).join(', ');
        return `${answers.length} invitations turned down in the last ${withinDays} days (${detail}; limit ${min})`;
      },
    };
  },
});
