import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { documentClient } from '#shared/adapters/dynamodb/document-client.ts';
import type { TableNames } from '#shared/adapters/table-specs.ts';
import { ingestEvents } from '#shared/ingest/ingest-events.ts';
import { emptyCustomerState } from '#shared/state/customer-state.ts';

/** Faults a real DynamoDB produces and DynamoDB Local cannot: here the SDK's own retries are bypassed, ours are tested. */
const names: TableNames = {
  customers: 'c',
  contacts: 'k',
  events: 'e',
  alerts: 'a',
  rejects: 'r',
  audit: 'u',
  ledger: 'l',
  links: 'n',
  staff: 'f',
  snapshots: 's',
  models: 'm',
};
const doc = documentClient(
  new DynamoDBClient({ region: 'ap-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
);
const mock = mockClient(DynamoDBDocumentClient);
const keptRejects: unknown[] = [];
const sinks = {
  events: new CustomerEventWriter(doc, names, { retentionDays: 1095 }),
  rejects: { keep: async (_batchId: string, rejected: readonly unknown[]) => void keptRejects.push(...rejected) },
};
const fault = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const batch = {
  events: [
    { eventId: 'f-1', customerId: 'C-1', storeId: 'S1', type: 'visit', at: '2026-11-01T19:00:00+08:00', amount: 88 },
    { eventId: 'f-2', customerId: 'C-2', storeId: 'S1', type: 'visit', at: '2026-11-01T19:00:00+08:00', amount: 99 },
  ],
};

beforeEach(() => {
  mock.reset();
  // Both customers have a profile (events for a customer without one are refused).
  mock.on(GetCommand).callsFake((input: { Key: { customerId: string } }) => ({
    Item: {
      customerId: input.Key.customerId,
      storeId: 'S1',
      segment: 'regular',
      core: false,
      state: JSON.stringify(emptyCustomerState()),
      version: 1,
      updatedAt: '2026-11-01T00:00:00Z',
    },
  }));
});

describe('ingestion under the faults of a real cloud', () => {
  it('retries throttled and failing writes and loses nothing', async () => {
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(fault('ThrottlingException', 400))
      .rejectsOnce(fault('InternalServerError', 500))
      .rejectsOnce(fault('ProvisionedThroughputExceededException', 400))
      .resolves({});
    const reply = await ingestEvents(batch, 'b-1', sinks);
    expect(reply).toMatchObject({ status: 200, body: { accepted: 2, failed: [] } });
    // Three faults, then one write per customer.
    const writes = mock
      .commandCalls(TransactWriteCommand)
      .map((call) => call.args[0].input.TransactItems?.[0]?.Put?.Item?.eventId);
    expect(writes).toHaveLength(5);
    expect(new Set(writes)).toEqual(new Set(['f-1', 'f-2']));
  });

  it('sends the same idempotency token when it retries a write, so a lost reply cannot apply it twice', async () => {
    mock.on(TransactWriteCommand).rejectsOnce(fault('InternalServerError', 500)).resolves({});
    await sinks.events.write('C-1', 'S1', [
      { eventId: 'f-9', type: 'visit', at: '2026-11-01T19:00:00+08:00', amount: 1 },
    ]);
    const tokens = mock.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.ClientRequestToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe(tokens[1]);
  });

  it('answers 503 naming the records it could not write, so the sender re-sends them', async () => {
    mock.on(TransactWriteCommand).rejects(fault('InternalServerError', 500));
    const reply = await ingestEvents(batch, 'b-2', sinks);
    expect(reply.status).toBe(503);
    expect(reply.body.failed?.map((failure) => [failure.index, failure.eventId])).toEqual([
      [0, 'f-1'],
      [1, 'f-2'],
    ]);
    expect(reply.body.accepted).toBe(0);
  });

  it('does not retry what cannot succeed: a validation error refuses the record at once, named, instead of a 503 the sender would resend forever', async () => {
    mock.on(TransactWriteCommand).rejects(fault('ValidationException', 400));
    const reply = await ingestEvents({ events: batch.events }, 'b-3', sinks);
    expect(reply.status).toBe(200);
    expect(reply.body.rejected).toEqual([
      { index: 0, eventId: 'f-1', field: 'customerId', message: 'DynamoDB refuses this write: ValidationException' },
      { index: 1, eventId: 'f-2', field: 'customerId', message: 'DynamoDB refuses this write: ValidationException' },
    ]);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });
});
