import pMap from 'p-map';
import type { CustomerFile } from '#shared/customer/customer-file-schema.ts';
import { MAX_BATCH } from '#shared/ingest/event-batch.ts';

export interface LoadSummary {
  customers: number;
  events: number;
  rejected: number;
  /** Requests sent again after a 429, a 5xx, a dropped connection or no answer in time. */
  retries: number;
}

export interface LoadOptions {
  /**
   * Records a request: well under the API's 500, so that one batch's writes end well inside the
   * ingestion function's 30 s even on a busy 2-core machine with DynamoDB Local (a 500-event batch
   * took 20 s and more there, and ran past the timeout).
   */
  batchSize?: number;
  concurrency?: number;
  /** Tries of one request before the load gives up. */
  attempts?: number;
  /** How long to wait for an answer before sending the request again. */
  requestTimeoutMs?: number;
  /** The longest wait between tries (a Retry-After above it is cut to it). */
  maxBackoffMs?: number;
  onProgress?: (done: number, total: number) => void;
  /** Told of each retry: what happened and how long the loader waits. */
  onRetry?: (what: string, waitMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULTS = { batchSize: 100, concurrency: 3, attempts: 8, requestTimeoutMs: 60_000, maxBackoffMs: 30_000 };

/** A refusal worth trying again: the API asked for it (429, 503) or failed on its side (5xx). */
const retryable = (status: number): boolean => status === 429 || status >= 500;

/** Retry-After in seconds or as an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

class RefusedError extends Error {}

/** The reply as JSON when it is JSON; a plain-text answer (a proxy's "internal error") as its first words. */
async function readReply(
  response: Response,
): Promise<{ json?: { rejected?: unknown[]; message?: string }; text: string }> {
  const text = await response.text();
  try {
    return { json: JSON.parse(text) as { rejected?: unknown[]; message?: string }, text };
  } catch {
    return { text };
  }
}

/**
 * POSTs one batch until it is taken: a 429 or 5xx, a connection dropped or no answer within the
 * timeout is sent again after Retry-After (when given) or an exponential backoff with jitter.
 * Sending again is safe: what a refused batch already wrote comes back as duplicates.
 */
async function postWithRetry(
  url: string,
  body: unknown,
  options: Required<LoadOptions>,
  counted: { retries: number },
): Promise<{ rejected?: unknown[] }> {
  const payload = JSON.stringify(body);
  for (let attempt = 1; ; attempt += 1) {
    let problem: string;
    let askedWaitMs: number | undefined;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
        signal: AbortSignal.timeout(options.requestTimeoutMs),
      });
      const reply = await readReply(response);
      if (response.ok && reply.json) return reply.json;
      const said = reply.json?.message ?? reply.text.slice(0, 200);
      problem = `POST ${url} answered ${response.status}: ${said}`;
      if (response.ok || !retryable(response.status)) throw new RefusedError(problem);
      askedWaitMs = retryAfterMs(response.headers.get('retry-after'));
    } catch (error) {
      if (error instanceof RefusedError) throw error;
      const { name, message } = error as Error;
      problem =
        name === 'TimeoutError'
          ? `POST ${url}: no answer within ${options.requestTimeoutMs / 1000} s`
          : `POST ${url}: ${message}`;
    }
    if (attempt >= options.attempts) throw new Error(`${problem} (gave up after ${attempt} tries)`);
    const backoff = Math.min(options.maxBackoffMs, 1000 * 2 ** (attempt - 1));
    const waitMs = Math.min(options.maxBackoffMs, askedWaitMs ?? backoff / 2 + Math.random() * (backoff / 2));
    counted.retries += 1;
    options.onRetry(problem, waitMs);
    await options.sleep(waitMs);
  }
}

/** Batches of at most `size` events, a customer's events together (split only when one customer has more). */
function eventBatches(files: readonly CustomerFile[], size: number): unknown[][] {
  const batches: unknown[][] = [];
  let current: unknown[] = [];
  for (const file of files) {
    const events = file.events.map((event) => ({ ...event, customerId: file.customerId, storeId: file.storeId }));
    if (current.length > 0 && current.length + events.length > size) {
      batches.push(current);
      current = [];
    }
    if (events.length <= size) {
      current.push(...events);
      continue;
    }
    for (let i = 0; i < events.length; i += size) {
      if (current.length > 0) batches.push(current);
      current = events.slice(i, i + size);
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Loads customer files the way the chain's systems would: profiles to POST /v1/customers, then
 * their events to POST /v1/events, in small batches, a customer's events together, each batch sent
 * again until the API takes it (see postWithRetry), so a first start on a busy machine still ends
 * with the whole sample loaded.
 */
export async function loadThroughApi(
  apiUrl: string,
  files: readonly CustomerFile[],
  options: LoadOptions = {},
): Promise<LoadSummary> {
  const settings: Required<LoadOptions> = {
    ...DEFAULTS,
    onProgress: () => undefined,
    onRetry: () => undefined,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    ...(Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as LoadOptions),
  };
  const size = Math.min(MAX_BATCH, Math.max(1, settings.batchSize));
  const summary: LoadSummary = { customers: files.length, events: 0, rejected: 0, retries: 0 };
  const profileBatches: unknown[][] = [];
  for (let i = 0; i < files.length; i += size)
    profileBatches.push(files.slice(i, i + size).map(({ events: _events, ...profile }) => profile));
  const batches = eventBatches(files, size);
  summary.events = batches.reduce((sum, batch) => sum + batch.length, 0);
  const total = profileBatches.length + batches.length;
  let done = 0;
  const count = (reply: { rejected?: unknown[] }) => {
    summary.rejected += reply.rejected?.length ?? 0;
    settings.onProgress(++done, total);
  };
  await pMap(
    profileBatches,
    async (customers) => count(await postWithRetry(`${apiUrl}/v1/customers`, { customers }, settings, summary)),
    { concurrency: settings.concurrency },
  );
  await pMap(
    batches,
    async (events) => count(await postWithRetry(`${apiUrl}/v1/events`, { events }, settings, summary)),
    { concurrency: settings.concurrency },
  );
  return summary;
}
