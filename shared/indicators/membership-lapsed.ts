import { z } from 'zod';
import type { CustomerState } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';

/** The later of the member system's latest expiry and the one in the customer file. */
function latestExpiry(state: CustomerState): number | null {
  const fromEvents = state.membershipExpiresAt;
  const fromFile = state.fromFile.membershipExpiresAt;
  if (fromEvents === null) return fromFile;
  return fromFile === null || fromEvents > fromFile ? fromEvents : fromFile;
}

export const membershipLapsed = defineIndicatorKind({
  kind: 'membership_lapsed',
  description: "The membership's latest expiry (from membership events or the file) is before the as-of instant.",
  thresholds: z.object({}).strict(),
  bind(_thresholds, asOf) {
    return {
      fires: ({ state }) => {
        const expiry = latestExpiry(state);
        return expiry !== null && expiry < asOf.at;
      },
      explain: ({ state }) => {
        const expiry = latestExpiry(state) ?? 0;
        return `membership expired ${asOf.date(expiry)}, ${asOf.daysSince(expiry)} days ago, not renewed`;
      },
    };
  },
});
