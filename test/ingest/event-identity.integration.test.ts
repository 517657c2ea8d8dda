import { beforeAll, describe, expect, it } from 'vitest';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { type IngestApi, ingestApi } from '../helpers/ingest-api.ts';
import { type LocalTables, localTables, storedEvents } from '../helpers/local-tables.ts';

let local: LocalTables;
let api: IngestApi;
let writer: CustomerEventWriter;

const CUSTOMERS = ['CA', 'CB', 'CC', 'CD', 'CE', 'CF'];

beforeAll(async () => {
  local = await localTables();
  api = await ingestApi(local);
  writer = new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 });
  expect(
    await api.postCustomers({
      customers: CUSTOMERS.map((customerId) => ({ customerId, storeId: 'S1', segment: 'regular' })),
    }),
  ).toMatchObject({ status: 200, body: { accepted: CUSTOMERS.length } });
});

const visit = (customerId: string, eventId: string, amount = 88, at = '2026-11-01T19:00:00+08:00') => ({
  eventId,
  customerId,
  storeId: 'S1',
  type: 'visit',
  at,
  amount,
});
const complaint = (customerId: string, eventId: string) => ({
  eventId,
  customerId,
  storeId: 'S1',
  type: 'complaint',
  at: '2026-11-02T12:00:00+08:00',
  severity: 'serious',
  category: 'service',
});

describe("an event is the customer's and the sender's id together", () => {
  it('keeps customer B\'s serious complaint "1001" after customer A\'s visit "1001": two events, both written', async () => {
    expect((await api.postEvents({ events: [visit('CA', '1001')] })).body).toMatchObject({
      accepted: 1,
      duplicates: [],
      rejected: [],
    });
    expect((await api.postEvents({ events: [complaint('CB', '1001')] })).body).toMatchObject({
      accepted: 1,
      duplicates: [],
      rejected: [],
    });
    expect((await writer.read('CA'))?.state.visits.count).toBe(1);
    expect((await writer.read('CB'))?.state.complaints).toMatchObject([{ eventId: '1001', severity: 'serious' }]);
    expect((await storedEvents(local, 'CB')).map((item) => item.type)).toEqual(['complaint']);
  });

  it('keeps them apart within one batch too', async () => {
    const reply = await api.postEvents({ events: [visit('CC', '7'), complaint('CD', '7')] });
    expect(reply.body).toMatchObject({ accepted: 2, duplicates: [], rejected: [] });
    expect((await writer.read('CD'))?.state.complaints).toHaveLength(1);
  });

  it('answers the same record sent again as a duplicate, in a later batch or in the same one, and changes nothing', async () => {
    expect((await api.postEvents({ events: [visit('CE', 'r-1'), visit('CE', 'r-1')] })).body).toMatchObject({
      accepted: 1,
      duplicates: [{ index: 1, eventId: 'r-1' }],
    });
    const before = await writer.read('CE');
    // The same instant with another offset is the same record.
    const again = await api.postEvents({ events: [{ ...visit('CE', 'r-1'), at: '2026-11-01T11:00:00Z' }] });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: [{ index: 0, eventId: 'r-1' }], rejected: [] });
    expect((await writer.read('CE'))?.version).toBe(before?.version);
  });

  it('refuses another record under a used id as a conflict naming the field, in a later batch or in the same one', async () => {
    expect((await api.postEvents({ events: [visit('CF', 'k-1', 88)] })).body).toMatchObject({ accepted: 1 });
    const later = await api.postEvents({ events: [visit('CF', 'k-1', 99), { ...complaint('CF', 'k-1') }] });
    expect(later.status).toBe(200);
    expect(later.body.accepted).toBe(0);
    expect(later.body.rejected).toEqual([
      {
        index: 0,
        eventId: 'k-1',
        field: 'amount',
        message: expect.stringMatching(
          /^conflict: this customer's event with this eventId \(received 20\d\d-.*\) has another amount; an eventId cannot be reused for different content$/,
        ),
      },
      // The second record of the batch conflicts with the first of the batch: `type` is named first.
      {
        index: 1,
        eventId: 'k-1',
        field: 'type',
        message:
          "conflict: this customer's event with this eventId (earlier in this batch) has another type; an eventId cannot be reused for different content",
      },
    ]);
    const stored = await storedEvents(local, 'CF');
    expect(stored).toHaveLength(1);
    expect(JSON.parse(String(stored[0]?.event))).toMatchObject({ amount: 88 });
    expect((await writer.read('CF'))?.state.visits.spendFen).toBe(8800);
  });

  it('names a conflict on the store the record was at', async () => {
    const reply = await api.postEvents({ events: [{ ...visit('CA', '1001'), storeId: 'S2' }] });
    expect(reply.body.rejected).toEqual([
      expect.objectContaining({
        index: 0,
        eventId: '1001',
        field: 'storeId',
        message: expect.stringContaining('conflict'),
      }),
    ]);
  });
});
