import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { foldHistory } from '#shared/state/fold-history.ts';
import { event } from '../helpers/customer-builder.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';
import { randomHistory, seededRandom, shuffled } from '../helpers/random-history.ts';

let local: LocalTables;
let writer: CustomerEventWriter;

beforeAll(async () => {
  local = await localTables();
  writer = new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 });
});

describe("writing a customer's events to DynamoDB (DynamoDB Local)", () => {
  it('stores the events and the aggregated state together', async () => {
    const events = [event.visit('2026-10-01T19:00:00+08:00', 120), event.visit('2026-11-01T19:00:00+08:00', 80)];
    const outcome = await writer.write('C-1', 'S1', events);
    expect(outcome).toEqual({ accepted: events.map((e) => e.eventId), duplicates: [], refused: [], flagged: [] });
    const record = await writer.read('C-1');
    expect(record?.state).toEqual(foldHistory(events).state);
    expect(record?.profile).toEqual({ customerId: 'C-1', storeId: 'S1', segment: 'regular', core: false });
    const stored = await local.doc.send(
      new QueryCommand({
        TableName: local.names.events,
        IndexName: 'byCustomer',
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': 'C-1' },
      }),
    );
    expect(stored.Items?.map((item) => item.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('changes nothing when the same events are sent again', async () => {
    const events = [
      event.visit('2026-10-01T19:00:00+08:00', 120),
      event.complaint('2026-10-02T12:00:00+08:00', 'minor', 'dm'),
    ];
    await writer.write('C-2', 'S1', events);
    const before = await writer.read('C-2');
    const again = await writer.write('C-2', 'S1', [...events, event.visit('2026-11-05T19:00:00+08:00', 60)]);
    expect(again.duplicates).toEqual(events.map((e) => e.eventId));
    expect(again.accepted).toHaveLength(1);
    const after = await writer.read('C-2');
    expect(after?.state.visits.count).toBe(2);
    expect(after?.version).toBe((before?.version ?? 0) + 1);
  });

  it('gives the same state for events arriving late and out of order, in batches, as for the sorted history', async () => {
    const random = seededRandom(11);
    const history = randomHistory(random, 150, 'late');
    const arrival = shuffled(history, random);
    for (let i = 0; i < arrival.length; i += 37) await writer.write('C-3', 'S2', arrival.slice(i, i + 37));
    const sorted = [...history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    expect((await writer.read('C-3'))?.state).toEqual(foldHistory(sorted).state);
  });

  it('writes more events than one transaction holds', async () => {
    const events = Array.from({ length: 230 }, (_, i) =>
      event.visit(new Date(Date.parse('2026-01-01T12:00:00Z') + i * 3_600_000).toISOString(), 10),
    );
    const outcome = await writer.write('C-4', 'S1', events);
    expect(outcome.accepted).toHaveLength(230);
    expect((await writer.read('C-4'))?.state.visits.count).toBe(230);
  });

  it('loses nothing when two writers update one customer at the same moment', async () => {
    const first = Array.from({ length: 20 }, (_, i) =>
      event.visit(`2026-03-${String(i + 1).padStart(2, '0')}T12:00:00+08:00`, 10),
    );
    const second = Array.from({ length: 20 }, (_, i) =>
      event.visit(`2026-04-${String(i + 1).padStart(2, '0')}T12:00:00+08:00`, 20),
    );
    await Promise.all([writer.write('C-5', 'S1', first), writer.write('C-5', 'S1', second)]);
    const record = await writer.read('C-5');
    expect(record?.state.visits.count).toBe(40);
    expect(record?.state.visits.spendFen).toBe(20 * 1000 + 20 * 2000);
  });
});
