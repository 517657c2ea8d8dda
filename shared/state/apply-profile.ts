import type { CustomerProfile } from '../customer/customer-file-schema.ts';
import { type CustomerState, yuanToFen } from './customer-state.ts';

/**
 * Copies what the customer file says about the membership into the state, parsed once, so that
 * scoring reads numbers and never the file's text.
 */
export function applyProfileInPlace(state: CustomerState, profile: Pick<CustomerProfile, 'membership'>): CustomerState {
  const expiresAt = profile.membership?.expiresAt;
  const balance = profile.membership?.storedValueBalance;
  state.fromFile = {
    membershipExpiresAt: expiresAt === undefined ? null : Date.parse(expiresAt),
    storedValueFen: balance === undefined ? null : yuanToFen(balance),
  };
  return state;
}
