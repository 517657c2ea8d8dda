import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { loadKnownStores } from '#shared/adapters/dynamodb/known-stores-reader.ts';
import { RejectStore } from '#shared/adapters/dynamodb/reject-store.ts';
import { tableNamesFromEnv } from '#shared/adapters/table-specs.ts';
import { cachedKnownStores } from '#shared/ingest/cached-known-stores.ts';
import { ingestEvents } from '#shared/ingest/ingest-events.ts';
import { policyNow } from '#shared/time/time-scale.ts';
import { logIngestReply } from '../ingest-log.ts';
import { jsonApiHandler } from '../middleware/json-api-handler.ts';
import { policyFromEnv } from '../policy-from-env.ts';
import { tracedDocumentClient } from '../tracer.ts';

const tables = tableNamesFromEnv();
const doc = tracedDocumentClient();
const sinks = {
  events: new CustomerEventWriter(doc, tables, {
    retentionDays: policyFromEnv().retention.eventDays,
    // Set while a deployed chain's old Events table is being copied (docs/deploy.md, "Moving a deployed chain's events").
    ...(process.env.LEGACY_EVENTS_TABLE ? { legacyEventsTable: process.env.LEGACY_EVENTS_TABLE } : {}),
  }),
  rejects: new RejectStore(doc, tables),
};
const knownStores = cachedKnownStores(() => loadKnownStores(doc, tables));

/** POST /v1/events: a batch of up to 500 events from the cashier, member system, customer service or review platforms. */
export const handler = jsonApiHandler(async (body, batchId) => {
  const reply = await ingestEvents(body, batchId, sinks, { stores: await knownStores(), now: () => policyNow() });
  // Counts only: records may carry personal data.
  logIngestReply('events', batchId, reply);
  return reply;
});
