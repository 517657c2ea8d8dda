import type { CustomerProfile, Segment } from '../customer/customer-file-schema.ts';
import type { Level } from '../policy/policy-schema.ts';
import { emptyCustomerState, type CustomerState } from '../state/customer-state.ts';
import { decodeState } from './state-encoding.ts';

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

/** One customer's item in the Customers table. Contact data is not here (CustomerContacts). */
export interface CustomerItem {
  customerId: string;
  storeId: string;
  segment: Segment;
  core: boolean;
  membership?: CustomerProfile['membership'];
  tags?: string[];
  /**
   * The aggregated state, read whole by every scan, rewritten whole by every ingest: JSON text, or
   * when long, deflated (state-encoding.ts).
   */
  state: string | Uint8Array;
  /** Bumped by every write of the state, for optimistic concurrency. */
  version: number;
  openAlert?: OpenAlert;
  quiet?: QuietPeriod;
  updatedAt: string;
}

export interface CustomerRecord {
  profile: Omit<CustomerProfile, 'contact'>;
  state: CustomerState;
  version: number;
  openAlert?: OpenAlert;
  quiet?: QuietPeriod;
}

export function customerFromItem(item: CustomerItem): CustomerRecord {
  const profile: CustomerRecord['profile'] = {
    customerId: item.customerId,
    storeId: item.storeId,
    segment: item.segment,
    core: item.core,
    ...(item.membership && Object.keys(item.membership).length > 0 ? { membership: item.membership } : {}),
    ...(item.tags && item.tags.length > 0 ? { tags: item.tags } : {}),
  };
  return {
    profile,
    state: decodeState(item.state),
    version: item.version,
    ...(item.openAlert ? { openAlert: item.openAlert } : {}),
    ...(item.quiet ? { quiet: item.quiet } : {}),
  };
}

/** A customer first seen through an event: a regular, not core, until the member system says otherwise. */
export function newCustomer(customerId: string, storeId: string): CustomerRecord {
  return { profile: { customerId, storeId, segment: 'regular', core: false }, state: emptyCustomerState(), version: 0 };
}
