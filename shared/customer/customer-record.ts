import type { Level } from '../policy/policy-schema.ts';
import { type CustomerState, emptyCustomerState } from '../state/customer-state.ts';
import type { CustomerProfile } from './customer-file-schema.ts';

/** The alert a customer has open, kept on the customer item so a scan sees it without another read. */
export interface OpenAlert {
  alertId: string;
  level: Level;
  /** The level it was raised at: the case execution is named with it, so an escalation never renames it. */
  raisedLevel: Level;
  identifiedAt: string;
  /** Set once the alert's case execution has started; until then every scan tries to start it. */
  caseStarted?: boolean;
  /** Waiting in the work queue: no case yet, and no scan starts one; the run's opening step decides. */
  queued?: boolean;
  /** When the alert left the queue for a case: what the owner's day of intake counts. */
  openedAt?: string;
  /** A queued alert's priority as last stored: a scan rewrites it only when it has moved. */
  priority?: number;
}

/** After a case closed refused or lost: no new alert at this level or below until then. */
export interface QuietPeriod {
  until: string;
  level: Level;
  outcome: 'refused' | 'lost' | 'false_alarm';
}

/** A customer as the domain sees it: profile without contact data, aggregated state, open alert. */
export interface CustomerRecord {
  profile: Omit<CustomerProfile, 'contact'>;
  state: CustomerState;
  version: number;
  openAlert?: OpenAlert;
  quiet?: QuietPeriod;
}

/** A customer first seen through an event: a regular, not core, until the member system says otherwise. */
export function newCustomer(customerId: string, storeId: string): CustomerRecord {
  return { profile: { customerId, storeId, segment: 'regular', core: false }, state: emptyCustomerState(), version: 0 };
}
