import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Seconds a sender waits before sending again after a 429 or 503. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Every reply of a JSON API: a JSON body, and Retry-After on 429 and 503 (the statuses that ask
 * for the same request again later), so that a sender's parser and its retry loop both work.
 */
export function jsonReply(
  statusCode: number,
  body: object,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: {
      'content-type': 'application/json',
      ...(statusCode === 429 || statusCode === 503 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {}),
      ...headers,
    },
    body: JSON.stringify(body),
  };
}
