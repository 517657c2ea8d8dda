import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { itemBytes, MAX_CUSTOMER_ITEM_BYTES } from '#shared/adapters/dynamodb/item-size.ts';
import { emptyCustomerState } from '#shared/state/customer-state.ts';
import { type IngestApi, ingestApi } from '../helpers/ingest-api.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';

let local: LocalTables;
let api: IngestApi;
let writer: CustomerEventWriter;

const item = (customerId: string, extra: Record<string, unknown> = {}) => ({
  customerId,
  storeId: 'S1',
  segment: 'regular',
  core: false,
  state: JSON.stringify(emptyCustomerState()),
  version: 3,
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...extra,
});
const put = (value: Record<string, unknown>) =>
  local.doc.send(new PutCommand({ TableName: local.names.customers, Item: value }));
const visit = (customerId: string, eventId: string) => ({
  eventId,
  customerId,
  storeId: 'S1',
  type: 'visit',
  at: '2026-11-20T19:00:00+08:00',
  amount: 128,
});

beforeAll(async () => {
  local = await localTables();
  api = await ingestApi(local);
  writer = new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 });
  await api.postCustomers({
    customers: [
      { customerId: 'OK-1', storeId: 'S1', segment: 'regular' },
      { customerId: 'OK-2', storeId: 'S1', segment: 'regular' },
    ],
  });
  // A file other writers have filled to a few bytes under the limit (alert and case attributes).
  const full = item('FULL-1');
  await put({ ...full, caseNotes: 'x'.repeat(MAX_CUSTOMER_ITEM_BYTES - itemBytes(full) - 40) });
  // A file whose state cannot be read.
  await put(item('CORRUPT-1', { state: '{"visits": [broken' }));
  // The poisoned customer: a state from before the bounds, with 300 KB of resolution refs.
  const legacy = {
    ...emptyCustomerState(),
    resolvedRefs: ['r'.repeat(100_000), 's'.repeat(100_000), 't'.repeat(100_000), 'c-17'],
  };
  await put(item('LEGACY-1', { state: JSON.stringify(legacy) }));
});

describe("one customer's file never stops the others", () => {
  it('refuses the records that would take a file past the size limit, by reason, and writes the rest of the batch (200, not a 503 to resend forever)', async () => {
    const reply = await api.postEvents({
      events: [visit('OK-1', 'v-1'), visit('FULL-1', 'v-2'), visit('OK-2', 'v-3')],
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ accepted: 2, failed: [] });
    expect(reply.body.rejected).toEqual([
      {
        index: 1,
        eventId: 'v-2',
        field: 'customerId',
        message: `this customer's file would pass ${MAX_CUSTOMER_ITEM_BYTES} bytes; the record is kept for repair`,
      },
    ]);
    expect((await writer.read('OK-2'))?.state.visits.count).toBe(1);
    expect((await writer.read('FULL-1'))?.version).toBe(3);
  });

  it('refuses a profile that would take the file past the limit, named, instead of a 503', async () => {
    const reply = await api.postCustomers({
      customers: [
        {
          customerId: 'FULL-1',
          storeId: 'S1',
          segment: 'member',
          tags: Array.from({ length: 20 }, (_, i) => `tag-${i}`),
        },
        { customerId: 'OK-3', storeId: 'S1', segment: 'member' },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      accepted: 1,
      failed: [],
      rejected: [{ index: 0, field: 'customerId', message: expect.stringContaining('would pass') }],
    });
  });

  it('refuses the records of a file that cannot be read, saying so, and writes the others', async () => {
    const reply = await api.postEvents({ events: [visit('CORRUPT-1', 'v-4'), visit('OK-1', 'v-5')] });
    expect(reply.status).toBe(200);
    expect(reply.body.accepted).toBe(1);
    expect(reply.body.rejected).toEqual([
      {
        index: 0,
        eventId: 'v-4',
        field: 'customerId',
        message: "this customer's file cannot be read (SyntaxError); it needs repair before it takes events",
      },
    ]);
  });

  it('heals a file poisoned before the bounds: refs no eventId can match are dropped at the next write', async () => {
    const before =
      (await local.doc.send(new GetCommand({ TableName: local.names.customers, Key: { customerId: 'LEGACY-1' } })))
        .Item ?? {};
    expect(itemBytes(before)).toBeGreaterThan(300_000);
    const reply = await api.postEvents({
      events: [
        visit('LEGACY-1', 'v-6'),
        {
          eventId: 'c-17',
          customerId: 'LEGACY-1',
          storeId: 'S1',
          type: 'complaint',
          at: '2026-11-21T12:00:00+08:00',
          severity: 'minor',
          category: 'dm',
        },
      ],
    });
    expect(reply.body).toMatchObject({ accepted: 2, rejected: [] });
    const after =
      (await local.doc.send(new GetCommand({ TableName: local.names.customers, Key: { customerId: 'LEGACY-1' } })))
        .Item ?? {};
    expect(itemBytes(after)).toBeLessThan(2_000);
    const state = (await writer.read('LEGACY-1'))?.state;
    // The short ref was kept, and resolves the complaint that arrived after it.
    expect(state?.resolvedRefs.map(([ref]) => ref)).toEqual(['c-17']);
    expect(state?.complaints).toMatchObject([{ eventId: 'c-17', resolved: true }]);
  });
});
