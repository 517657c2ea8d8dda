import { z } from 'zod';
import { defineIndicatorKind } from './indicator-kind.ts';

export const membershipLapsed = defineIndicatorKind({
  kind: 'membership_lapsed',
  description: 'The membership\'s latest expiry (from membership events or the file) is before the as-of instant.',
  thresholds: z.object({}).strict(),
  bind(_thresholds, asOf) {
    return ({ profile, state }) => {
      const fromFile = profile.membership?.expiresAt;
      let expiry = state.membershipExpiresAt;
      if (fromFile !== undefined) {
        const fileExpiry = Date.parse(fromFile);
        if (expiry === null || fileExpiry > expiry) expiry = fileExpiry;
      }
      if (expiry === null || expiry >= asOf.at) return null;
      return `membership expired ${asOf.date(expiry)}, ${asOf.daysSince(expiry)} days ago, not renewed`;
    };
  },
});
