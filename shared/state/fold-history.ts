import type { CustomerProfile } from '../customer/customer-file-schema.ts';
import type { CustomerEvent } from '../customer/event-schema.ts';
import { applyEventInPlace } from './apply-event.ts';
import { applyProfileInPlace } from './apply-profile.ts';
import { type CustomerState, emptyCustomerState } from './customer-state.ts';

export interface FoldResult {
  state: CustomerState;
  /** eventIds seen more than once; the first occurrence was kept, as the store keeps it. */
  duplicates: string[];
  /** Events after `until`, left out. */
  later: number;
}

/**
 * The state of a whole history: events de-duplicated by eventId (first kept) and folded. Events
 * after `until` are left out, so a file can be scored as of a past date.
 */
export function foldHistory(events: Iterable<CustomerEvent>, until?: number): FoldResult {
  const state = emptyCustomerState();
  const seen = new Set<string>();
  const duplicates: string[] = [];
  let later = 0;
  for (const event of events) {
    if (seen.has(event.eventId)) {
      duplicates.push(event.eventId);
      continue;
    }
    seen.add(event.eventId);
    if (until !== undefined && Date.parse(event.at) > until) {
      later += 1;
      continue;
    }
    applyEventInPlace(state, event);
  }
  return { state, duplicates, later };
}

/** A whole customer file (profile and history) folded into the state a scan reads. */
export function foldCustomerFile(
  file: Pick<CustomerProfile, 'membership'> & { events: Iterable<CustomerEvent> },
  until?: number,
): FoldResult {
  const result = foldHistory(file.events, until);
  applyProfileInPlace(result.state, file);
  return result;
}
