import pRetry, { AbortError } from 'p-retry';

/** Errors a real cloud produces now and then, which the same request may survive a moment later. */
const RETRYABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
  'TimeoutError',
]);

export function isRetryable(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode ?? 0;
  return RETRYABLE.has(name) || status >= 500;
}

/**
 * Runs `operation` again, with exponential backoff and jitter, after a retryable failure. The
 * SDK retries too; this layer covers what it gives up on and the cases that are ours to judge.
 */
export async function withRetries<T>(operation: () => Promise<T>, retries = 6): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await operation();
      } catch (error) {
        if (isRetryable(error)) throw error;
        throw new AbortError(error as Error);
      }
    },
    { retries, minTimeout: 50, maxTimeout: 2_000, randomize: true },
  );
}
