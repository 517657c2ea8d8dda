import { z } from 'zod';
import { type CustomerEvent, customerEvent } from '../customer/event-schema.ts';
import { entityId } from '../validation/entity-id.ts';
import { type FieldIssue, fieldIssues } from '../validation/field-issues.ts';
import { conflictMessage, firstDifference } from './event-content.ts';
import type { IngestBounds } from './ingest-bounds.ts';
import { eventBoundIssues } from './record-bounds.ts';
import { type KnownStores, screenStore } from './store-screening.ts';

export const MAX_BATCH = 500;

/** The records of a batch `{ "<key>": [...] }`: a list of 1 to 500, or why the batch is refused whole. */
export function batchRecords(
  body: unknown,
  key: string,
  what: string,
): { ok: true; records: unknown[] } | { ok: false; message: string } {
  const records = (body as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(records)) return { ok: false, message: `${key}: expected a list of ${what}` };
  if (records.length === 0) return { ok: false, message: `${key}: the list is empty` };
  if (records.length > MAX_BATCH)
    return { ok: false, message: `${key}: at most ${MAX_BATCH} records a batch, got ${records.length}` };
  return { ok: true, records };
}

/** Who an incoming event is about: sent with every event record. */
const eventOwner = z.object({
  customerId: entityId,
  storeId: entityId,
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

/** A record taken, with something the sender should look at (another store than the customer's...). */
export interface FlaggedRecord extends FieldIssue {
  index: number;
  eventId: string;
}

/** What a batch is checked against besides the schemas: the clock, the chain's bounds, its stores. */
export interface BatchContext {
  now: number;
  bounds: IngestBounds;
  stores: KnownStores;
}

export type BatchCheck =
  | { ok: false; message: string }
  | {
      ok: true;
      events: IncomingEvent[];
      rejected: RejectedRecord[];
      flagged: FlaggedRecord[];
      repeatedInBatch: IncomingEvent[];
    };

/** An event's identity: the customer and the sender's id (two customers' "1001" are two events). */
export const eventKey = (customerId: string, eventId: string): string => JSON.stringify([customerId, eventId]);

/**
 * Checks a batch `{ "events": [...] }` record by record: each bad record is rejected with its
 * index, field and reason, and the good ones go on. Only a batch that is not a list of at most
 * 500 records is refused whole. A record repeated within the batch (same customer, same eventId)
 * is a duplicate when it says the same, a conflict (rejected, naming the field) when it does not.
 */
export function checkEventBatch(body: unknown, context: BatchContext): BatchCheck {
  const batch = batchRecords(body, 'events', 'event records');
  if (!batch.ok) return batch;
  const { records } = batch;

  const events: IncomingEvent[] = [];
  const rejected: RejectedRecord[] = [];
  const flagged: FlaggedRecord[] = [];
  const repeatedInBatch: IncomingEvent[] = [];
  const seen = new Map<string, IncomingEvent>();
  for (const [index, record] of records.entries()) {
    const sentId = (record as { eventId?: unknown } | null)?.eventId;
    const reject = (issues: readonly FieldIssue[], eventId = typeof sentId === 'string' ? sentId : undefined) => {
      for (const issue of issues)
        rejected.push({ index, ...(eventId === undefined ? {} : { eventId }), ...issue, record });
    };
    const owner = eventOwner.safeParse(record);
    const parsed = customerEvent.safeParse(record);
    if (!owner.success || !parsed.success) {
      reject([
        ...(owner.success ? [] : fieldIssues(owner.error)),
        ...(parsed.success ? [] : fieldIssues(parsed.error)),
      ]);
      continue;
    }
    const event = parsed.data;
    const bounds = eventBoundIssues(event, context.now, context.bounds);
    if (bounds.length > 0) {
      reject(bounds, event.eventId);
      continue;
    }
    const store = screenStore(owner.data.storeId, context.stores, context.bounds);
    if (store?.verdict === 'refuse') {
      reject([store.issue], event.eventId);
      continue;
    }

    const incoming: IncomingEvent = { index, customerId: owner.data.customerId, storeId: owner.data.storeId, event };
    const key = eventKey(incoming.customerId, event.eventId);
    const first = seen.get(key);
    if (first !== undefined) {
      const field = firstDifference(first, incoming);
      if (field === undefined) repeatedInBatch.push(incoming);
      else reject([{ field, message: conflictMessage(field) }], event.eventId);
      continue;
    }
    seen.set(key, incoming);
    events.push(incoming);
    if (store?.verdict === 'flag') flagged.push({ index, eventId: event.eventId, ...store.issue });
  }
  return { ok: true, events, rejected, flagged, repeatedInBatch };
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
