import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { isRetryable } from '#shared/adapters/aws-retry.ts';
import { logger } from '../logger.ts';
import { bodyFingerprint } from './body-fingerprint.ts';
import { jsonReply } from './json-reply.ts';

/**
 * The last word on a request that failed: a JSON reply with a reason and the request id (503 with
 * Retry-After when the failure is one a moment's wait can cure, else 500), and a log line with the
 * error's name, message and stack and the body's size and hash only. The error's `cause` is not
 * logged: libraries put the request body there.
 */
export const jsonErrorHandler = (): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> => ({
  onError: (request) => {
    if (request.response !== undefined) return;
    const error = request.error instanceof Error ? request.error : new Error(String(request.error));
    const requestId = request.event?.requestContext?.requestId;
    logger.error('request failed', {
      error: { name: error.name, message: error.message, stack: error.stack },
      ...bodyFingerprint(
        typeof request.event?.body === 'string' ? request.event.body : undefined,
        request.event?.isBase64Encoded,
      ),
      requestId,
    });
    request.response = isRetryable(error)
      ? jsonReply(503, {
          message:
            'the service is busy: send the same request again after the Retry-After seconds (records already written come back as duplicates)',
          requestId,
        })
      : jsonReply(500, {
          message:
            'internal error: the failure is logged under this request id; records already written come back as duplicates if sent again',
          requestId,
        });
  },
});
