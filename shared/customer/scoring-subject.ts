import type { CustomerState } from '../state/customer-state.ts';
import type { CustomerProfile } from './customer-file-schema.ts';

/** What an indicator sees: who the customer is, and the aggregated state. */
export interface ScoringSubject {
  profile: Pick<CustomerProfile, 'customerId' | 'storeId' | 'segment' | 'core'>;
  state: CustomerState;
}
