import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { logger } from '../logger.ts';

export interface JsonReply {
  status: number;
  body: object;
}

/**
 * An HTTP API handler that takes a JSON body and answers JSON: headers normalised, the body parsed
 * (a body that is not JSON gets a 4xx, not a crash), errors mapped to HTTP, the logger given the
 * Lambda context. `respond` gets the parsed body, the request id and the request itself.
 */
export function jsonApiHandler(respond: (body: unknown, requestId: string, event: APIGatewayProxyEventV2) => Promise<JsonReply>) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use(injectLambdaContext(logger))
    .use(httpHeaderNormalizer())
    .use(httpJsonBodyParser({ disableContentTypeError: false }))
    .use(httpErrorHandler({ fallbackMessage: 'internal error' }))
    .handler(async (event) => {
      const reply = await respond((event as unknown as { body: unknown }).body, event.requestContext.requestId, event);
      return {
        statusCode: reply.status,
        headers: { 'content-type': 'application/json', ...(reply.status === 503 ? { 'retry-after': '5' } : {}) },
        body: JSON.stringify(reply.body),
      };
    });
}
