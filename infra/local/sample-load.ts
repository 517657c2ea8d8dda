import pMap from 'p-map';
import type { CustomerFile } from '#shared/customer/customer-file-schema.ts';
import { MAX_BATCH } from '#shared/ingest/event-batch.ts';

export interface LoadSummary {
  customers: number;
  events: number;
  rejected: number;
}

async function post(url: string, body: unknown): Promise<{ rejected?: unknown[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const reply = (await response.json()) as { rejected?: unknown[]; message?: string };
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${reply.message ?? JSON.stringify(reply).slice(0, 300)}`);
  return reply;
}

/**
 * Loads customer files the way the chain's systems would: profiles to POST /v1/customers, then
 * their events to POST /v1/events, in batches the API accepts, a customer's events together.
 */
export async function loadThroughApi(apiUrl: string, files: readonly CustomerFile[], onProgress: (done: number, total: number) => void = () => undefined): Promise<LoadSummary> {
  const summary: LoadSummary = { customers: files.length, events: 0, rejected: 0 };
  const profileBatches: unknown[][] = [];
  for (let i = 0; i < files.length; i += MAX_BATCH) profileBatches.push(files.slice(i, i + MAX_BATCH).map(({ events: _events, ...profile }) => profile));
  const eventBatches: unknown[][] = [[]];
  for (const file of files) {
    for (const event of file.events) {
      if ((eventBatches.at(-1) as unknown[]).length === MAX_BATCH) eventBatches.push([]);
      (eventBatches.at(-1) as unknown[]).push({ ...event, customerId: file.customerId, storeId: file.storeId });
      summary.events += 1;
    }
  }
  const total = profileBatches.length + eventBatches.length;
  let done = 0;
  const count = (reply: { rejected?: unknown[] }) => {
    summary.rejected += reply.rejected?.length ?? 0;
    onProgress(++done, total);
  };
  await pMap(profileBatches, async (customers) => count(await post(`${apiUrl}/v1/customers`, { customers })), { concurrency: 4 });
  await pMap(eventBatches, async (events) => count(await post(`${apiUrl}/v1/events`, { events })), { concurrency: 4 });
  return summary;
}
