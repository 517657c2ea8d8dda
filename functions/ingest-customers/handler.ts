import { CustomerProfileWriter } from '#shared/adapters/dynamodb/customer-profile-writer.ts';
import { loadKnownStores } from '#shared/adapters/dynamodb/known-stores-reader.ts';
import { RejectStore } from '#shared/adapters/dynamodb/reject-store.ts';
import { tableNamesFromEnv } from '#shared/adapters/table-specs.ts';
import { cachedKnownStores } from '#shared/ingest/cached-known-stores.ts';
import { ingestProfiles } from '#shared/ingest/ingest-profiles.ts';
import { policyNow } from '#shared/time/time-scale.ts';
import { logIngestReply } from '../ingest-log.ts';
import { jsonApiHandler } from '../middleware/json-api-handler.ts';
import { tracedDocumentClient } from '../tracer.ts';

const tables = tableNamesFromEnv();
const doc = tracedDocumentClient();
const sinks = { profiles: new CustomerProfileWriter(doc, tables), rejects: new RejectStore(doc, tables) };
const knownStores = cachedKnownStores(() => loadKnownStores(doc, tables));

/** POST /v1/customers: up to 500 customer profiles (segment, core flag, membership, contact data). */
export const handler = jsonApiHandler(async (body, batchId) => {
  const reply = await ingestProfiles(body, batchId, sinks, { stores: await knownStores(), now: () => policyNow() });
  logIngestReply('profiles', batchId, reply);
  return reply;
});
