import type { CustomerProfile } from '#shared/customer/customer-file-schema.ts';
import type { RecordIssue } from '#shared/customer/record-issue.ts';
import { eventKey } from '#shared/ingest/event-batch.ts';
import { applyEventInPlace } from '#shared/state/apply-event.ts';
import { applyProfileInPlace } from '#shared/state/apply-profile.ts';
import { type CustomerState, emptyCustomerState } from '#shared/state/customer-state.ts';
import { type InputFormat, mergeProfile, readInputRecords } from './read-input-records.ts';

export { inputFormatOf } from './read-input-records.ts';

export interface FoldedCustomer {
  profile: CustomerProfile;
  state: CustomerState;
}

export interface ReadResult {
  customers: FoldedCustomer[];
  issues: RecordIssue[];
  duplicateEvents: number;
  eventsAfterAsOf: number;
}

/**
 * Reads an export and folds each customer's events up to the as-of instant, in any order (the
 * fold does not mind). Every bad record is reported; the caller writes nothing when there is any.
 * A JSONL export has one line per customer; a CSV export has a customer's rows anywhere.
 */
export async function readCustomers(path: string, format: InputFormat, until: number): Promise<ReadResult> {
  const result: ReadResult = { customers: [], issues: [], duplicateEvents: 0, eventsAfterAsOf: 0 };
  const byCustomer = new Map<string, FoldedCustomer & { line: number }>();
  const seenEvents = new Set<string>();
  for await (const record of readInputRecords(path, format)) {
    if (record.issues) {
      result.issues.push(...record.issues);
      continue;
    }
    const { line, profile } = record;
    let customer = byCustomer.get(profile.customerId);
    if (customer === undefined) {
      customer = { profile, state: emptyCustomerState(), line };
      byCustomer.set(profile.customerId, customer);
    } else if (format === 'jsonl') {
      result.issues.push({
        line,
        customerId: profile.customerId,
        field: 'customerId',
        message: `the same customer is already on line ${customer.line}`,
      });
      continue;
    } else {
      const conflict = mergeProfile(customer.profile, profile);
      if (conflict !== undefined) {
        result.issues.push({
          line,
          customerId: profile.customerId,
          field: conflict,
          message: `differs from line ${customer.line} of the same customer`,
        });
        continue;
      }
    }
    for (const event of record.events) {
      // An event is the customer's and the sender's id together: two customers' "1001" are two events.
      const key = eventKey(profile.customerId, event.eventId);
      if (seenEvents.has(key)) {
        result.duplicateEvents += 1;
        continue;
      }
      seenEvents.add(key);
      if (Date.parse(event.at) > until) {
        result.eventsAfterAsOf += 1;
        continue;
      }
      applyEventInPlace(customer.state, event);
    }
  }
  result.customers = [...byCustomer.values()].map(({ profile, state }) => ({
    profile,
    state: applyProfileInPlace(state, profile),
  }));
  return result;
}
