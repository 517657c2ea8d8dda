import { ingestEvents } from '#shared/ingest/ingest-events.ts';
import { CustomerEventWriter } from '#shared/store/dynamodb/customer-event-writer.ts';
import { RejectStore } from '#shared/store/dynamodb/reject-store.ts';
import { tableNamesFromEnv } from '#shared/store/table-specs.ts';
import { logger } from '../logger.ts';
import { jsonApiHandler } from '../middleware/json-api-handler.ts';
import { policyFromEnv } from '../policy-from-env.ts';
import { tracedDocumentClient } from '../tracer.ts';

const tables = tableNamesFromEnv();
const doc = tracedDocumentClient();
const sinks = {
  events: new CustomerEventWriter(doc, tables, { retentionDays: policyFromEnv().retention.eventDays }),
  rejects: new RejectStore(doc, tables),
};

/** POST /v1/events: a batch of up to 500 events from the cashier, member system, customer service or review platforms. */
export const handler = jsonApiHandler(async (body, batchId) => {
  const reply = await ingestEvents(body, batchId, sinks);
  // Counts only: records may carry personal data.
  logger.info('events ingested', {
    batchId,
    status: reply.status,
    accepted: reply.body.accepted,
    duplicates: reply.body.duplicates?.length,
    rejected: reply.body.rejected?.length,
    failed: reply.body.failed?.length,
  });
  return reply;
});
