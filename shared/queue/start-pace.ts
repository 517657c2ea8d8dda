/**
 * Spaces calls `1 / perSecond` seconds apart: case starts keep under the policy's start rate (and
 * so under SES's send rate, each start emailing its owner) however many cases open. A start that
 * is throttled anyway is retried by the starter; none is dropped.
 */
export function startPace(
  perSecond: number,
  now: () => number = Date.now,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): () => Promise<void> {
  if (!(perSecond > 0)) throw new RangeError(`perSecond must be positive, got ${perSecond}`);
  const gapMs = 1000 / perSecond;
  let next = Number.NEGATIVE_INFINITY;
  // Calls may come concurrently: each takes the next free slot before it waits for it.
  return async () => {
    const slot = Math.max(now(), next);
    next = slot + gapMs;
    const wait = slot - now();
    if (wait > 0) await sleep(wait);
  };
}
