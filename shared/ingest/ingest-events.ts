import pMap from 'p-map';
import type { CustomerEvent } from '../customer/event-schema.ts';
import { checkEventBatch, groupByCustomer, type RejectedRecord } from './event-batch.ts';

export interface EventSink {
  write(customerId: string, storeId: string, events: readonly CustomerEvent[]): Promise<{ accepted: string[]; duplicates: string[] }>;
}

export interface RejectSink {
  keep(batchId: string, rejected: readonly RejectedRecord[]): Promise<void>;
}

export interface IngestReply {
  /** 200: every record answered; 400: the batch itself is unusable; 503: some records could not be written now, send the batch again. */
  status: 200 | 400 | 503;
  body: {
    batchId: string;
    accepted?: number;
    duplicates?: string[];
    rejected?: Array<Omit<RejectedRecord, 'record'>>;
    failed?: Array<{ index: number; eventId: string; reason: string }>;
    message?: string;
  };
}

/**
 * Ingestion of a batch of events: bad records are rejected one by one (and kept for repair), good
 * ones are written customer by customer, each customer's file in one transaction. Sending the
 * same batch again is safe: written events come back as duplicates.
 */
export async function ingestEvents(body: unknown, batchId: string, sinks: { events: EventSink; rejects: RejectSink }): Promise<IngestReply> {
  const checked = checkEventBatch(body);
  if (!checked.ok) return { status: 400, body: { batchId, message: checked.message } };

  if (checked.rejected.length > 0) await sinks.rejects.keep(batchId, checked.rejected);
  let accepted = 0;
  const duplicates = checked.repeatedInBatch.map((incoming) => incoming.event.eventId);
  const failed: NonNullable<IngestReply['body']['failed']> = [];
  await pMap(
    groupByCustomer(checked.events),
    async ([customerId, group]) => {
      try {
        const outcome = await sinks.events.write(customerId, group[0]?.storeId ?? '', group.map((incoming) => incoming.event));
        accepted += outcome.accepted.length;
        duplicates.push(...outcome.duplicates);
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        for (const incoming of group) failed.push({ index: incoming.index, eventId: incoming.event.eventId, reason });
      }
    },
    { concurrency: 8 },
  );
  failed.sort((a, b) => a.index - b.index);
  return {
    status: failed.length > 0 ? 503 : 200,
    body: {
      batchId,
      accepted,
      duplicates,
      rejected: checked.rejected.map(({ record: _record, ...issue }) => issue),
      failed,
    },
  };
}
