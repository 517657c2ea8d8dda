import type { CustomerProfile, Segment } from '../customer/customer-file-schema.ts';
import type { CustomerRecord, OpenAlert, QuietPeriod } from '../customer/customer-record.ts';
import { decodeState } from './state-encoding.ts';

/**
 * One customer's item in the Customers table. Contact data is not here (CustomerContacts). A type,
 * not an interface, so that it is a record of attributes to the generic item code (batchPut, itemBytes).
 */
export type CustomerItem = {
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
};

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
