import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { logger } from '../logger.ts';
import { tracer } from '../tracer.ts';
import { jsonBody, type ParsedJsonEvent } from './json-body.ts';
import { jsonErrorHandler } from './json-error-handler.ts';
import { jsonReply } from './json-reply.ts';

/**
 * The largest body a request may carry: 500 records (the batch limit) of about 1 KB each with
 * room to spare. Checked before the body is parsed, so an oversized request costs nothing more.
 */
export const MAX_BODY_BYTES = 1_048_576;

/**
 * How long before the Lambda's own timeout the handler answers 503 with Retry-After itself: a
 * timeout Lambda ends answers with API Gateway's bare 503/504 and no Retry-After. What was
 * written by then stays written; the batch sent again finds it as duplicates.
 */
export const ANSWER_BEFORE_TIMEOUT_MS = 1_500;

/** Refuses an oversized body with 413 before anything reads it. */
const bodyLimit = (): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> => ({
  before: (request) => {
    const { body, isBase64Encoded } = request.event;
    const bytes =
      body === undefined ? 0 : isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body, 'utf8');
    if (bytes <= MAX_BODY_BYTES) return undefined;
    return jsonReply(413, {
      message: `the body is ${bytes} bytes; at most ${MAX_BODY_BYTES} a request: send the records in batches of at most 500`,
    });
  },
});

export interface JsonReply {
  status: number;
  body: object;
}

/**
 * An HTTP API handler that takes a JSON body and answers JSON, whatever happens: headers
 * normalised, the body parsed (not JSON: 400 with the position, never logged), errors answered
 * 500/503 in JSON with the request id, an invocation near its timeout answered 503, 429 and 503
 * with Retry-After, the logger given the Lambda context. `respond` gets the parsed body, the
 * request id and the request itself.
 */
export function jsonApiHandler(
  respond: (body: unknown, requestId: string, event: APIGatewayProxyEventV2) => Promise<JsonReply>,
) {
  return (
    middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>({
      timeoutEarlyInMillis: ANSWER_BEFORE_TIMEOUT_MS,
      timeoutEarlyResponse: () => {
        logger.error('request answered 503: the invocation was about to time out');
        return jsonReply(503, {
          message:
            'the batch took too long: send it again after the Retry-After seconds (records already written come back as duplicates)',
        });
      },
    })
      // observe(), except that the request is never logged whole (its body holds contact data), even
      // with POWERTOOLS_LOGGER_LOG_EVENT set.
      .use(injectLambdaContext(logger, { logEvent: false }))
      .use(captureLambdaHandler(tracer))
      .use(jsonErrorHandler())
      .use(bodyLimit())
      .use(httpHeaderNormalizer())
      .use(jsonBody())
      .handler(async (event) => {
        const parsed: ParsedJsonEvent = event;
        const reply = await respond(parsed.body, event.requestContext.requestId, event);
        return jsonReply(reply.status, reply.body);
      })
  );
}
