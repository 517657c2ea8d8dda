import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { migrateEventsTable } from '#shared/adapters/dynamodb/events-table-migration.ts';
import type { CustomerEvent } from '#shared/customer/event-schema.ts';
import { foldHistory } from '#shared/state/fold-history.ts';
import { localDynamoDbEnvironment } from '../helpers/local-lambda-env.ts';
import { type LocalTables, localTables, storedEvents } from '../helpers/local-tables.ts';
import { runCli } from '../helpers/run-cli.ts';

let local: LocalTables;
let legacy: string;
const NOW = Date.parse('2026-11-27T00:00:00Z');
const DAY = 86_400_000;

const visit = (eventId: string, at: string, amount = 100): CustomerEvent => ({ eventId, type: 'visit', at, amount });
/** An item as the old writer stored it: keyed by eventId alone. */
const legacyItem = (
  customerId: string,
  event: CustomerEvent,
  expiresAtEpoch = Math.floor(NOW / 1000) + 365 * 86_400,
) => ({
  eventId: event.eventId,
  customerId,
  storeId: 'S1',
  type: event.type,
  atUtc: new Date(Date.parse(event.at)).toISOString(),
  event: JSON.stringify(event),
  receivedAt: '2026-10-01T00:00:00.000Z',
  expiresAtEpoch,
});
/** A customer file as the old writer left it: the state folded from the same events. */
const customerItem = (customerId: string, events: CustomerEvent[]) => ({
  customerId,
  storeId: 'S1',
  segment: 'regular',
  core: false,
  state: JSON.stringify(foldHistory(events).state),
  version: 1,
  updatedAt: '2026-10-01T00:00:00.000Z',
});
const eventsOf = (customerId: string) => storedEvents(local, customerId);

const aVisits = [visit('1001', '2026-09-01T19:00:00+08:00'), visit('1002', '2026-10-01T19:00:00+08:00')];
const bVisits = [visit('2001', '2026-09-05T19:00:00+08:00')];

beforeAll(async () => {
  local = await localTables();
  // The deployed chain before: the old table (keyed by eventId, as table-specs had it) beside the new one.
  legacy = `${local.prefix}Events`;
  await local.client.send(
    new CreateTableCommand({
      TableName: legacy,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'eventId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'eventId', KeyType: 'HASH' }],
    }),
  );
  await batchPut(local.doc, legacy, [
    ...aVisits.map((event) => legacyItem('MA', event)),
    ...bVisits.map((event) => legacyItem('MB', event)),
    legacyItem('MA', visit('0001', '2023-09-01T19:00:00+08:00'), Math.floor((NOW - DAY) / 1000)),
    legacyItem('ERASED', visit('3001', '2026-09-01T19:00:00+08:00')),
  ]);
  await batchPut(local.doc, local.names.customers, [customerItem('MA', aVisits), customerItem('MB', bVisits)]);
});

describe("moving a deployed chain's events to the table keyed by customer and eventId (DynamoDB Local)", () => {
  it("while the copy is under way, counts an event re-sent from the old table as a duplicate, and another customer's event with its id as new", async () => {
    const writer = new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095, legacyEventsTable: legacy });
    const before = await writer.read('MA');
    expect(await writer.write('MA', 'S1', [aVisits[0] as CustomerEvent])).toMatchObject({
      accepted: [],
      duplicates: ['1001'],
    });
    expect((await writer.write('MA', 'S1', [visit('1002', '2026-10-01T19:00:00+08:00', 999)])).refused).toEqual([
      expect.objectContaining({ eventId: '1002', field: 'amount', message: expect.stringContaining('conflict') }),
    ]);
    expect((await writer.read('MA'))?.state).toEqual(before?.state);
    // Customer MB's own "1001", which the old table answered as a duplicate of MA's.
    expect(await writer.write('MB', 'S1', [visit('1001', '2026-11-01T19:00:00+08:00')])).toMatchObject({
      accepted: ['1001'],
    });
  });

  it('copies every live event of every customer still on file, once, and a rerun copies nothing', async () => {
    const first = await migrateEventsTable(local.doc, {
      from: legacy,
      to: local.names.events,
      customers: local.names.customers,
      now: NOW,
    });
    expect(first).toEqual({ read: 5, copied: 3, alreadyThere: 0, expired: 1, erased: 1 });
    expect((await eventsOf('MA')).map((item) => item.eventId)).toEqual(['1001', '1002']);
    expect((await eventsOf('MA'))[0]).toEqual(legacyItem('MA', aVisits[0] as CustomerEvent));
    // MB: its migrated "2001" and its own "1001" written in the step before.
    expect((await eventsOf('MB')).map((item) => item.eventId)).toEqual(['1001', '2001']);
    expect(await eventsOf('ERASED')).toEqual([]);
    expect(
      await migrateEventsTable(local.doc, {
        from: legacy,
        to: local.names.events,
        customers: local.names.customers,
        now: NOW,
      }),
    ).toMatchObject({ copied: 0, alreadyThere: 3 });
  });

  it('after the copy, without the old table, still answers a re-sent old event as a duplicate', async () => {
    const writer = new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 });
    const before = await writer.read('MA');
    expect(await writer.write('MA', 'S1', aVisits)).toMatchObject({ accepted: [], duplicates: ['1001', '1002'] });
    expect((await writer.read('MA'))?.version).toBe(before?.version);
  });

  it('is a command: `winback events migrate` finds the old local table by its name', async () => {
    await local.doc.send(
      new PutCommand({ TableName: legacy, Item: legacyItem('MB', visit('2002', '2026-10-05T19:00:00+08:00')) }),
    );
    const run = await runCli(
      ['events', 'migrate', '--table-prefix', local.prefix],
      undefined,
      localDynamoDbEnvironment(),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`events: 6 read from ${legacy}, 1 copied to ${local.names.events}, 3 already there`);
    expect((await eventsOf('MB')).map((item) => item.eventId)).toEqual(['1001', '2001', '2002']);
  });
});
