import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleChain } from '#cli/sample/sample-chain.ts';
import { closeServer } from '../../infra/local/ports.ts';
import { loadThroughApi, retryAfterMs } from '../../infra/local/sample-load.ts';

type Answer = { status: number; body: string; headers?: Record<string, string> } | 'hang';

/** An ingestion API that refuses the first requests as a busy one does, then takes everything. */
async function busyApi(refusals: Answer[]): Promise<{
  url: string;
  received: Array<{ path: string; records: Array<Record<string, unknown>> }>;
  server: Server;
}> {
  const received: Array<{ path: string; records: Array<Record<string, unknown>> }> = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = refusals.shift();
      if (answer === 'hang') return;
      if (answer) {
        response.writeHead(answer.status, answer.headers ?? {});
        return response.end(answer.body);
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        customers?: Array<Record<string, unknown>>;
        events?: Array<Record<string, unknown>>;
      };
      const records = body.customers ?? body.events ?? [];
      received.push({ path: request.url ?? '', records });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ accepted: records.length, rejected: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

let open: Server | undefined;
afterEach(async () => {
  if (open) await closeServer(open);
});

const files = [...sampleChain({ customers: 12, seed: 3, until: Date.parse('2026-11-01T00:00:00Z') })];

describe('the sample loader on a busy API (a first npm start on a loaded machine)', () => {
  it('sends again what is refused with 429 or a 5xx (JSON or plain text) or not answered, honouring Retry-After, until every record is in', async () => {
    const api = await busyApi([
      {
        status: 503,
        body: JSON.stringify({ message: 'the batch took too long' }),
        headers: { 'content-type': 'application/json', 'retry-after': '2' },
      },
      { status: 500, body: 'internal error', headers: { 'content-type': 'text/plain' } },
      'hang',
      { status: 429, body: JSON.stringify({ message: 'slow down' }), headers: { 'content-type': 'application/json' } },
    ]);
    open = api.server;
    const waits: number[] = [];
    const retried: string[] = [];
    const summary = await loadThroughApi(api.url, files, {
      batchSize: 40,
      concurrency: 1,
      requestTimeoutMs: 500,
      sleep: async (ms) => void waits.push(ms),
      onRetry: (what) => retried.push(what),
    });

    const events = files.flatMap((file) => file.events.map((event) => `${file.customerId}/${event.eventId}`)).sort();
    const sent = api.received
      .filter((r) => r.path === '/v1/events')
      .flatMap((r) => r.records.map((e) => `${String(e.customerId)}/${String(e.eventId)}`));
    expect(sent.sort()).toEqual(events);
    expect(
      api.received
        .filter((r) => r.path === '/v1/customers')
        .flatMap((r) => r.records.map((c) => c.customerId))
        .sort(),
    ).toEqual(files.map((f) => f.customerId).sort());
    expect(summary).toMatchObject({ customers: files.length, events: events.length, rejected: 0, retries: 4 });
    // Retry-After is what the API asked for; without it, a backoff.
    expect(waits[0]).toBe(2000);
    expect(retried).toEqual([
      expect.stringContaining('answered 503: the batch took too long'),
      expect.stringContaining('answered 500: internal error'),
      expect.stringContaining('no answer within 0.5 s'),
      expect.stringContaining('answered 429: slow down'),
    ]);
    // Small batches, a customer's events never split across two unless they alone fill more than one.
    for (const batch of api.received) expect(batch.records.length).toBeLessThanOrEqual(40);
    const batchesOf = new Map<string, Set<number>>();
    for (const [i, batch] of api.received.filter((r) => r.path === '/v1/events').entries()) {
      for (const e of batch.records) {
        const customerId = String(e.customerId);
        batchesOf.set(customerId, (batchesOf.get(customerId) ?? new Set()).add(i));
      }
    }
    const small = files.filter((file) => file.events.length <= 40);
    expect(small.length).toBeGreaterThan(0);
    for (const file of small) expect(batchesOf.get(file.customerId)?.size).toBe(1);
  });

  it('stops at a refusal that sending again cannot cure (a 400), naming it, and gives up after its tries', async () => {
    const bad = await busyApi([
      {
        status: 400,
        body: JSON.stringify({ message: 'customers[0].storeId: unknown store' }),
        headers: { 'content-type': 'application/json' },
      },
    ]);
    open = bad.server;
    await expect(loadThroughApi(bad.url, files, { sleep: async () => undefined })).rejects.toThrow(
      /answered 400: customers\[0\]\.storeId: unknown store/,
    );
    await closeServer(bad.server);

    const down = await busyApi(
      Array.from({ length: 3 }, () => ({ status: 503, body: '{}', headers: { 'retry-after': '1' } })),
    );
    open = down.server;
    await expect(loadThroughApi(down.url, files, { attempts: 3, sleep: async () => undefined })).rejects.toThrow(
      /answered 503.*gave up after 3 tries/,
    );
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('5')).toBe(5000);
    expect(retryAfterMs('Fri, 27 Nov 2026 10:00:10 GMT', Date.parse('2026-11-27T10:00:00Z'))).toBe(10_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
