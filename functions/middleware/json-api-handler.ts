import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { observe } from './observe.ts';

/**
 * The largest body a request may carry: 500 records (the batch limit) of about 1 KB each with
 * room to spare. Checked before the body is parsed, so an oversized request costs nothing more.
 */
export const MAX_BODY_BYTES = 1_048_576;

/** Refuses an oversized body with 413 before anything reads it. */
const bodyLimit = (): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> => ({
  before: (request) => {
    const { body, isBase64Encoded } = request.event;
    const bytes = body === undefined ? 0 : isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body, 'utf8');
    if (bytes <= MAX_BODY_BYTES) return undefined;
    return {
      statusCode: 413,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: `the body is ${bytes} bytes; at most ${MAX_BODY_BYTES} a request: send the records in batches of at most 500` }),
    };
  },
});

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
    .use(observe())
    .use(bodyLimit())
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
