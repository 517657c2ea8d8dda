import { z } from 'zod';
import { type CustomerState, RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { firstAfter } from './window-count.ts';

export const unansweredContacts = defineIndicatorKind({
  kind: 'unanswered_contacts',
  description: `The last \`consecutive\` invitations or call-backs (within ${RECENT_HORIZON_DAYS} days) all went unanswered (\`ignored\`).`,
  thresholds: z.object({ consecutive: z.number().int().min(1).max(20) }).strict(),
  bind({ consecutive }, asOf) {
    const lastOnes = (state: CustomerState) => {
      const end = firstAfter(state.invitations, asOf.at);
      return end < consecutive ? [] : state.invitations.slice(end - consecutive, end);
    };
    return {
      fires: ({ state }) => {
        if (state.invitations.length < consecutive) return false;
        const last = lastOnes(state);
        return last.length === consecutive && last.every(([, response]) => response === 'ignored');
      },
      explain: ({ state }) =>
        `the last ${consecutive} contacts went unanswered: ${lastOnes(state)
          .map(([at]) => asOf.date(at))
          .join(', ')}`,
    };
  },
});
