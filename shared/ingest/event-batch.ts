import { z } from 'zod';
import { customerEvent, type CustomerEvent } from '../customer/event-schema.ts';
import { fieldIssues, type FieldIssue } from '../validation/field-issues.ts';

export const MAX_BATCH = 500;

/** The records of a batch `{ "<key>": [...] }`: a list of 1 to 500, or why the batch is refused whole. */
export function batchRecords(body: unknown, key: string, what: string): { ok: true; records: unknown[] } | { ok: false; message: string } {
  const records = (body as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(records)) return { ok: false, message: `${key}: expected a list of ${what}` };
  if (records.length === 0) return { ok: false, message: `${key}: the list is empty` };
  if (records.length > MAX_BATCH) return { ok: false, message: `${key}: at most ${MAX_BATCH} records a batch, got ${records.length}` };
  return { ok: true, records };
}

/** Who an incoming event is about: sent with every event record. */
const eventOwner = z.object({
  customerId: z.string().trim().min(1, 'must not be empty').max(256),
  storeId: z.string().trim().min(1, 'must not be empty').max(256),
});

export interface IncomingEvent {
  index: number;
  customerId: string;
  storeId: string;
  event: CustomerEvent;
}

export interface RejectedRecord extends FieldIssue {
  index: number;
  eventId?: string;
  /** The record as received, kept for repair. */
  record: unknown;
}

export type BatchCheck =
  | { ok: false; message: string }
  | { ok: true; events: IncomingEvent[]; rejected: RejectedRecord[]; repeatedInBatch: IncomingEvent[] };

/**
 * Checks a batch `{ "events": [...] }` record by record: each bad record is rejected with its
 * index, field and reason, and the good ones go on. Only a batch that is not a list of at most
 * 500 records is refused whole.
 */
export function checkEventBatch(body: unknown): BatchCheck {
  const batch = batchRecords(body, 'events', 'event records');
  if (!batch.ok) return batch;
  const { records } = batch;

  const events: IncomingEvent[] = [];
  const rejected: RejectedRecord[] = [];
  const repeatedInBatch: IncomingEvent[] = [];
  const seen = new Set<string>();
  records.forEach((record: unknown, index) => {
    const owner = eventOwner.safeParse(record);
    const event = customerEvent.safeParse(record);
    if (!owner.success || !event.success) {
      const issues = [...(owner.success ? [] : fieldIssues(owner.error)), ...(event.success ? [] : fieldIssues(event.error))];
      const eventId = typeof (record as { eventId?: unknown })?.eventId === 'string' ? (record as { eventId: string }).eventId : undefined;
      for (const issue of issues) rejected.push({ index, ...(eventId === undefined ? {} : { eventId }), ...issue, record });
      return;
    }
    const incoming = { index, customerId: owner.data.customerId, storeId: owner.data.storeId, event: event.data };
    if (seen.has(event.data.eventId)) repeatedInBatch.push(incoming);
    else {
      seen.add(event.data.eventId);
      events.push(incoming);
    }
  });
  return { ok: true, events, rejected, repeatedInBatch };
}

/** The events of a batch by customer, in batch order: each customer's file is written once per batch. */
export function groupByCustomer(events: readonly IncomingEvent[]): Map<string, IncomingEvent[]> {
  const groups = new Map<string, IncomingEvent[]>();
  for (const incoming of events) {
    const group = groups.get(incoming.customerId);
    if (group) group.push(incoming);
    else groups.set(incoming.customerId, [incoming]);
  }
  return groups;
}
