import { ingestProfiles } from '#shared/ingest/ingest-profiles.ts';
import { CustomerProfileWriter } from '#shared/store/dynamodb/customer-profile-writer.ts';
import { RejectStore } from '#shared/store/dynamodb/reject-store.ts';
import { tableNamesFromEnv } from '#shared/store/table-specs.ts';
import { logger } from '../logger.ts';
import { jsonApiHandler } from '../middleware/json-api-handler.ts';
import { tracedDocumentClient } from '../tracer.ts';

const tables = tableNamesFromEnv();
const doc = tracedDocumentClient();
const sinks = { profiles: new CustomerProfileWriter(doc, tables), rejects: new RejectStore(doc, tables) };

/** POST /v1/customers: up to 500 customer profiles (segment, core flag, membership, contact data). */
export const handler = jsonApiHandler(async (body, batchId) => {
  const reply = await ingestProfiles(body, batchId, sinks);
  logger.info('profiles ingested', { batchId, status: reply.status, accepted: reply.body.accepted, rejected: reply.body.rejected?.length, failed: reply.body.failed?.length });
  return reply;
});
