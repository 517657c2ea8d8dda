import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { logger } from '../logger.ts';
import { bodyFingerprint } from './body-fingerprint.ts';
import { jsonReply } from './json-reply.ts';

const JSON_CONTENT_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json(?:\s*;.*)?$/i;

/** The request once jsonBody has run: the body is the parsed JSON in place of its text (as middy's own parsers do). */
export type ParsedJsonEvent = Omit<APIGatewayProxyEventV2, 'body'> & { body?: unknown };

/**
 * Parses a JSON request body, or answers 415/400 in JSON saying why. Unlike middy's parser, a
 * body that is not JSON is never logged or carried in an error (its text, and the parser's
 * message quoting it, would put contact data in the logs and the trace): the log gets its size
 * and hash, the reply the position of the fault.
 */
export const jsonBody = (): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> => ({
  before: (request) => {
    const event = request.event;
    const contentType = event.headers?.['content-type'] ?? '';
    if (!JSON_CONTENT_TYPE.test(contentType)) {
      return jsonReply(415, { message: 'content-type: expected application/json' });
    }
    const fingerprint = bodyFingerprint(event.body, event.isBase64Encoded);
    if (event.body === undefined || fingerprint.bytes === 0) {
      logger.warn('request refused: no body', { ...fingerprint, requestId: event.requestContext?.requestId });
      return jsonReply(400, { message: 'the body is empty: expected a JSON object' });
    }
    try {
      const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      const parsed: ParsedJsonEvent = event;
      parsed.body = JSON.parse(text);
    } catch (error) {
      // V8's message quotes the text around the fault: only the position leaves this function.
      const position = /at position (\d+)/.exec((error as Error).message)?.[1];
      logger.warn('request refused: the body is not JSON', {
        ...fingerprint,
        ...(position ? { position: Number(position) } : {}),
        requestId: event.requestContext?.requestId,
      });
      return jsonReply(400, {
        message: `the body is not valid JSON${position ? ` (at character ${position})` : ''}`,
        ...fingerprint,
      });
    }
    return undefined;
  },
});
