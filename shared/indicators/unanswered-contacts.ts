import { z } from 'zod';
import { RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { firstIndexAfter } from '../state/sorted-list.ts';

export const unansweredContacts = defineIndicatorKind({
  kind: 'unanswered_contacts',
  description: 'The last `consecutive` invitations or call-backs (within the state\'s horizon) all went unanswered (`ignored`).',
  thresholds: z.object({ consecutive: z.number().int().min(1).max(20) }).strict(),
  bind({ consecutive }, asOf) {
    return ({ state }) => {
      const invitations = state.invitations;
      if (invitations.length < consecutive) return null;
      const end = firstIndexAfter(invitations, asOf.at, (i) => i[0]);
      if (end < consecutive) return null;
      const lastOnes = invitations.slice(end - consecutive, end);
      if (lastOnes.some(([, response]) => response !== 'ignored')) return null;
      return `the last ${consecutive} contacts went unanswered: ${lastOnes.map(([at]) => asOf.date(at)).join(', ')}`;
    };
  },
});
