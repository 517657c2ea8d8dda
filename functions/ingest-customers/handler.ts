import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import pMap from 'p-map';
import { checkProfileBatch } from '#shared/ingest/customer-batch.ts';
import { CustomerProfileWriter } from '#shared/store/dynamodb/customer-profile-writer.ts';
import { documentClient } from '#shared/store/dynamodb/document-client.ts';
import { RejectStore } from '#shared/store/dynamodb/reject-store.ts';
import { tableNamesFromEnv } from '#shared/store/table-specs.ts';
import { logger } from '../logger.ts';

const tables = tableNamesFromEnv();
const doc = documentClient();
const profiles = new CustomerProfileWriter(doc, tables);
const rejects = new RejectStore(doc, tables);

/** POST /v1/customers: up to 500 customer profiles (segment, core flag, membership, contact data). */
export async function receiveProfiles(event: APIGatewayProxyEventV2 & { body: unknown }): Promise<APIGatewayProxyResultV2> {
  const batchId = event.requestContext.requestId;
  const checked = checkProfileBatch(event.body);
  if (!checked.ok) return { statusCode: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ batchId, message: checked.message }) };
  if (checked.rejected.length > 0) await rejects.keep(batchId, checked.rejected);
  const failed: Array<{ index: number; customerId: string; reason: string }> = [];
  await pMap(
    checked.profiles,
    async ({ index, profile }) => {
      try {
        await profiles.upsert(profile);
      } catch (error) {
        failed.push({ index, customerId: profile.customerId, reason: error instanceof Error ? error.message : String(error) });
      }
    },
    { concurrency: 8 },
  );
  failed.sort((a, b) => a.index - b.index);
  logger.info('profiles ingested', { batchId, accepted: checked.profiles.length - failed.length, rejected: checked.rejected.length, failed: failed.length });
  return {
    statusCode: failed.length > 0 ? 503 : 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      batchId,
      accepted: checked.profiles.length - failed.length,
      rejected: checked.rejected.map(({ record: _record, ...issue }) => issue),
      failed,
    }),
  };
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
  .use(injectLambdaContext(logger))
  .use(httpHeaderNormalizer())
  .use(httpJsonBodyParser({ disableContentTypeError: false }))
  .use(httpErrorHandler({ fallbackMessage: 'internal error' }))
  .handler(receiveProfiles as never);
