import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { ingestEvents } from '#shared/ingest/ingest-events.ts';
import { CustomerEventWriter } from '#shared/store/dynamodb/customer-event-writer.ts';
import { documentClient } from '#shared/store/dynamodb/document-client.ts';
import { RejectStore } from '#shared/store/dynamodb/reject-store.ts';
import { tableNamesFromEnv } from '#shared/store/table-specs.ts';
import { logger } from '../logger.ts';
import { policyFromEnv } from '../policy-from-env.ts';

const tables = tableNamesFromEnv();
const doc = documentClient();
const policy = policyFromEnv();
const sinks = {
  events: new CustomerEventWriter(doc, tables, { retentionDays: policy.retention.eventDays }),
  rejects: new RejectStore(doc, tables),
};

/** POST /v1/events: a batch of up to 500 events from the cashier, member system, customer service or review platforms. */
export async function receiveEvents(event: APIGatewayProxyEventV2 & { body: unknown }): Promise<APIGatewayProxyResultV2> {
  const batchId = event.requestContext.requestId;
  const reply = await ingestEvents(event.body, batchId, sinks);
  // Counts and indexes only: records may carry personal data.
  logger.info('batch ingested', {
    batchId,
    status: reply.status,
    accepted: reply.body.accepted,
    duplicates: reply.body.duplicates?.length,
    rejected: reply.body.rejected?.length,
    failed: reply.body.failed?.length,
  });
  return {
    statusCode: reply.status,
    headers: { 'content-type': 'application/json', ...(reply.status === 503 ? { 'retry-after': '5' } : {}) },
    body: JSON.stringify(reply.body),
  };
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
  .use(injectLambdaContext(logger))
  .use(httpHeaderNormalizer())
  .use(httpJsonBodyParser({ disableContentTypeError: false }))
  .use(httpErrorHandler({ fallbackMessage: 'internal error' }))
  .handler(receiveEvents as never);
