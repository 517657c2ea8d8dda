import { beforeAll, describe, expect, it } from 'vitest';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { ingestBoundsSchema } from '#shared/ingest/ingest-bounds.ts';
import { ingestEvents } from '#shared/ingest/ingest-events.ts';
import { type IngestApi, ingestApi } from '../helpers/ingest-api.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';

let local: LocalTables;
let api: IngestApi;
let writer: CustomerEventWriter;

beforeAll(async () => {
  local = await localTables();
  // The staff directory knows STORE-01 to STORE-03.
  api = await ingestApi(local, ['STORE-01', 'STORE-02', 'STORE-03']);
  writer = new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 });
});

const visit = (customerId: string, storeId: string, eventId: string) => ({
  eventId,
  customerId,
  storeId,
  type: 'visit',
  at: '2026-11-20T19:00:00+08:00',
  amount: 98,
});

describe("the chain's stores are the staff directory's", () => {
  it('refuses a profile at a store the directory does not know, and takes the others', async () => {
    const reply = await api.postCustomers({
      customers: [
        { customerId: 'K-1', storeId: 'STORE-01', segment: 'member' },
        { customerId: 'K-9', storeId: 'STORE-09', segment: 'member' },
        { customerId: 'K-X', storeId: 'store-01', segment: 'member' },
      ],
    });
    expect(reply.body).toMatchObject({ accepted: 1 });
    expect(reply.body.rejected).toEqual([
      {
        index: 1,
        field: 'storeId',
        message: 'unknown store: not in the staff directory (load the staff file with the store first)',
      },
      {
        index: 2,
        field: 'storeId',
        message: 'unknown store: not in the staff directory (load the staff file with the store first)',
      },
    ]);
  });

  it("refuses an event at an unknown store, flags one at another store than the customer's, and refuses one for a customer never profiled", async () => {
    const reply = await api.postEvents({
      events: [
        visit('K-1', 'STORE-09', 'e-1'),
        visit('K-1', 'STORE-02', 'e-2'),
        visit('K-NEW', 'STORE-01', 'e-3'),
        visit('K-1', 'STORE-01', 'e-4'),
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.accepted).toBe(2);
    expect(reply.body.rejected).toEqual([
      {
        index: 0,
        eventId: 'e-1',
        field: 'storeId',
        message: 'unknown store: not in the staff directory (load the staff file with the store first)',
      },
      {
        index: 2,
        eventId: 'e-3',
        field: 'customerId',
        message: 'no profile for this customer: send it to POST /v1/customers first, then this record again',
      },
    ]);
    expect(reply.body.flagged).toEqual([
      {
        index: 1,
        eventId: 'e-2',
        field: 'storeId',
        message: "not the customer's store (STORE-01): taken, the customer file keeps its store",
      },
    ]);
    const customer = await writer.read('K-1');
    expect(customer?.state.visits.count).toBe(2);
    expect(customer?.profile.storeId).toBe('STORE-01');
    expect(await writer.read('K-NEW')).toBeUndefined();
  });

  it('takes the refused record once its profile has come', async () => {
    await api.postCustomers({ customers: [{ customerId: 'K-NEW', storeId: 'STORE-01', segment: 'regular' }] });
    expect((await api.postEvents({ events: [visit('K-NEW', 'STORE-01', 'e-3')] })).body).toMatchObject({
      accepted: 1,
      rejected: [],
    });
  });

  it('follows the bounds where they say otherwise: a store mismatch refused, an unprofiled customer taken as a regular and flagged', async () => {
    const bounds = ingestBoundsSchema.parse({ storeMismatch: 'refuse', unprofiledCustomer: 'flag' });
    const sinks = { events: writer, rejects: { keep: async () => undefined } };
    const reply = await ingestEvents(
      { events: [visit('K-1', 'STORE-03', 'e-5'), visit('K-LATE', 'STORE-02', 'e-6')] },
      'b-1',
      sinks,
      { bounds, stores: new Set(['STORE-01', 'STORE-02', 'STORE-03']) },
    );
    expect(reply.body.rejected).toEqual([
      { index: 0, eventId: 'e-5', field: 'storeId', message: "not the customer's store (STORE-01)" },
    ]);
    expect(reply.body.flagged).toEqual([
      {
        index: 1,
        eventId: 'e-6',
        field: 'customerId',
        message:
          'no profile for this customer yet: taken as a regular customer of this store until the member system sends one',
      },
    ]);
    expect((await writer.read('K-LATE'))?.profile).toEqual({
      customerId: 'K-LATE',
      storeId: 'STORE-02',
      segment: 'regular',
      core: false,
    });
  });

  it('checks no store while the staff directory names none (a chain not set up yet)', async () => {
    const sinks = { events: writer, rejects: { keep: async () => undefined } };
    const reply = await ingestEvents({ events: [visit('K-1', 'STORE-77', 'e-7')] }, 'b-2', sinks, { stores: null });
    expect(reply.body.rejected).toEqual([]);
    expect(reply.body.flagged).toEqual([
      expect.objectContaining({ field: 'storeId', message: expect.stringContaining("not the customer's store") }),
    ]);
  });
});
