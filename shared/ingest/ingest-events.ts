import pMap from 'p-map';
import type { CustomerEvent } from '../customer/event-schema.ts';
import type { FieldIssue } from '../validation/field-issues.ts';
import {
  checkEventBatch,
  type FlaggedRecord,
  groupByCustomer,
  type IncomingEvent,
  type RejectedRecord,
} from './event-batch.ts';
import { INGEST_BOUNDS, type IngestBounds } from './ingest-bounds.ts';
import { type KnownStores, type Screening, screenAgainstProfile } from './store-screening.ts';
import { UnwritableCustomerError } from './unwritable-customer-error.ts';

type Verdict = FieldIssue & { eventId: string };

export interface EventSink {
  write(
    customerId: string,
    storeId: string,
    events: readonly CustomerEvent[],
    options?: { screen?: (profile: { storeId: string } | undefined) => Screening },
  ): Promise<{ accepted: string[]; duplicates: string[]; refused?: Verdict[]; flagged?: Verdict[] }>;
}

export interface RejectSink {
  keep(batchId: string, rejected: readonly RejectedRecord[]): Promise<void>;
}

/** What a batch is judged by besides the schemas; by default the clock, the default bounds, no store list. */
export interface IngestSettings {
  now?: () => number;
  bounds?: IngestBounds;
  /** The chain's stores (the staff directory's); null when none are known yet. */
  stores?: KnownStores;
}

export interface IngestReply {
  /** 200: every record answered; 400: the batch itself is unusable; 503: some records could not be written now, send the batch again. */
  status: 200 | 400 | 503;
  /** Customers whose file could not take a write at all (unreadable, refused by DynamoDB): for the log, they need repair. */
  unwritableCustomers?: number;
  body: {
    batchId: string;
    accepted?: number;
    /** Records already received with the same content (same customer, same eventId): nothing changed. */
    duplicates?: Array<{ index: number; eventId: string }>;
    /** Refused, each with the field and the reason; kept 90 days for repair. */
    rejected?: Array<Omit<RejectedRecord, 'record'>>;
    /** Taken, with something to look at (another store than the customer's, an assumed profile). */
    flagged?: FlaggedRecord[];
    failed?: Array<{ index: number; eventId: string; reason: string }>;
    message?: string;
  };
}

/**
 * Ingestion of a batch of events: bad records are rejected one by one (and kept for repair), good
 * ones are written customer by customer, each customer's file in one transaction. Sending the
 * same batch again is safe: written events come back as duplicates. What one customer's file does
 * (a conflict, a file that cannot take more) is answered for that customer's records alone.
 */
export async function ingestEvents(
  body: unknown,
  batchId: string,
  sinks: { events: EventSink; rejects: RejectSink },
  settings: IngestSettings = {},
): Promise<IngestReply> {
  const bounds = settings.bounds ?? INGEST_BOUNDS;
  const checked = checkEventBatch(body, { now: (settings.now ?? Date.now)(), bounds, stores: settings.stores ?? null });
  if (!checked.ok) return { status: 400, body: { batchId, message: checked.message } };

  let accepted = 0;
  const rejected = [...checked.rejected];
  const flagged = [...checked.flagged];
  const duplicates = checked.repeatedInBatch.map(({ index, event }) => ({ index, eventId: event.eventId }));
  const failed: NonNullable<IngestReply['body']['failed']> = [];
  let unwritableCustomers = 0;
  await pMap(
    groupByCustomer(checked.events),
    async ([customerId, group]) => {
      // A customer's events at different stores are written one store after the other.
      for (const [storeId, events] of groupByStore(group)) {
        const byId = new Map(events.map((incoming) => [incoming.event.eventId, incoming]));
        const recordOf = (incoming: IncomingEvent) => ({ customerId, storeId, ...incoming.event });
        try {
          const outcome = await sinks.events.write(
            customerId,
            storeId,
            events.map((incoming) => incoming.event),
            { screen: (profile) => screenAgainstProfile(profile, storeId, bounds) },
          );
          accepted += outcome.accepted.length;
          for (const eventId of outcome.duplicates) duplicates.push({ index: byId.get(eventId)?.index ?? -1, eventId });
          for (const { eventId, field, message } of outcome.refused ?? []) {
            const incoming = byId.get(eventId) as IncomingEvent;
            rejected.push({ index: incoming.index, eventId, field, message, record: recordOf(incoming) });
          }
          for (const { eventId, field, message } of outcome.flagged ?? [])
            flagged.push({ index: byId.get(eventId)?.index ?? -1, eventId, field, message });
        } catch (error) {
          if (error instanceof UnwritableCustomerError) {
            unwritableCustomers += 1;
            for (const incoming of events)
              rejected.push({
                index: incoming.index,
                eventId: incoming.event.eventId,
                field: error.field,
                message: error.message,
                record: recordOf(incoming),
              });
            continue;
          }
          const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          for (const incoming of events)
            failed.push({ index: incoming.index, eventId: incoming.event.eventId, reason });
        }
      }
    },
    { concurrency: 8 },
  );
  const byIndex = (a: { index: number }, b: { index: number }) => a.index - b.index;
  rejected.sort(byIndex);
  if (rejected.length > 0) await sinks.rejects.keep(batchId, rejected);
  return {
    status: failed.length > 0 ? 503 : 200,
    unwritableCustomers,
    body: {
      batchId,
      accepted,
      duplicates: duplicates.sort(byIndex),
      rejected: rejected.map(({ record: _record, ...issue }) => issue),
      flagged: flagged.sort(byIndex),
      failed: failed.sort(byIndex),
    },
  };
}

function groupByStore(events: readonly IncomingEvent[]): Map<string, IncomingEvent[]> {
  const groups = new Map<string, IncomingEvent[]>();
  for (const incoming of events) groups.set(incoming.storeId, [...(groups.get(incoming.storeId) ?? []), incoming]);
  return groups;
}
