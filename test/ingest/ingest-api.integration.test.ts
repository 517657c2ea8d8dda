import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { httpPost, lambdaContext } from '../helpers/http-event.ts';
import { useLocalLambdaEnvironment } from '../helpers/local-lambda-env.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';

let local: LocalTables;
let post: (body: unknown, requestId?: string) => Promise<{ status: number; body: Record<string, unknown> }>;

beforeAll(async () => {
  local = await localTables();
  useLocalLambdaEnvironment(local.names);
  const { handler } = await import('../../functions/ingest-events/handler.ts');
  post = async (body, requestId) => {
    const result = (await handler(
      httpPost('/v1/events', body, requestId),
      lambdaContext,
    )) as APIGatewayProxyStructuredResultV2;
    return { status: result.statusCode ?? 0, body: JSON.parse(String(result.body)) };
  };
  // Events are taken for customers the member system has sent.
  const customers = (await import('../../functions/ingest-customers/handler.ts')).handler;
  const profiles = ['C-10', 'C-11', 'C-12', 'C-13', 'C-14'].map((customerId) => ({
    customerId,
    storeId: 'S1',
    segment: 'regular',
  }));
  await customers(httpPost('/v1/customers', { customers: profiles }), lambdaContext);
});

const visit = (eventId: string, customerId: string, at: string, amount: number) => ({
  eventId,
  customerId,
  storeId: 'S1',
  type: 'visit',
  at,
  amount,
});

describe('POST /v1/events', () => {
  it('accepts the good records of a malformed batch and names each bad one by index and field', async () => {
    const batch = {
      events: [
        visit('ok-1', 'C-10', '2026-11-01T19:00:00+08:00', 128),
        visit('bad-date', 'C-10', '2026-11-31T19:00:00+08:00', 128),
        { eventId: 'bad-type', customerId: 'C-10', storeId: 'S1', type: 'teleport', at: '2026-11-01T19:00:00+08:00' },
        visit('negative', 'C-11', '2026-11-01T19:00:00+08:00', -30),
        { customerId: 'C-11', storeId: 'S1', type: 'visit', at: '2026-11-01T19:00:00+08:00', amount: 10 },
        { eventId: 'no-customer', storeId: 'S1', type: 'visit', at: '2026-11-01T19:00:00+08:00', amount: 10 },
        visit('ok-2', 'C-11', '2026-11-02T19:00:00+08:00', 98),
      ],
    };
    const reply = await post(batch, 'batch-1');
    expect(reply.status).toBe(200);
    expect(reply.body.accepted).toBe(2);
    expect(reply.body.rejected).toEqual([
      { index: 1, eventId: 'bad-date', field: 'at', message: 'not a real date-time' },
      { index: 2, eventId: 'bad-type', field: 'type', message: expect.stringContaining('visit') },
      { index: 3, eventId: 'negative', field: 'amount', message: 'must not be negative' },
      { index: 4, field: 'eventId', message: 'expected string, received undefined' },
      { index: 5, eventId: 'no-customer', field: 'customerId', message: 'expected string, received undefined' },
    ]);
    const writer = new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 });
    expect((await writer.read('C-10'))?.state.visits.count).toBe(1);
    expect((await writer.read('C-11'))?.state.visits.count).toBe(1);
  });

  it('keeps rejected records with their reasons for repair', async () => {
    const kept = await local.doc.send(
      new QueryCommand({
        TableName: local.names.rejects,
        KeyConditionExpression: 'batchId = :b',
        ExpressionAttributeValues: { ':b': 'batch-1' },
      }),
    );
    expect(kept.Items?.map((item) => item.recordIndex)).toEqual([1, 2, 3, 4, 5]);
    expect(kept.Items?.[2]).toMatchObject({ reasons: [{ field: 'amount', message: 'must not be negative' }] });
    expect(JSON.parse(String(kept.Items?.[2]?.record))).toMatchObject({ eventId: 'negative', amount: -30 });
  });

  it('answers a re-sent batch with duplicates and changes nothing', async () => {
    const batch = {
      events: [
        visit('re-1', 'C-12', '2026-10-01T19:00:00+08:00', 100),
        visit('re-2', 'C-12', '2026-10-08T19:00:00+08:00', 100),
      ],
    };
    expect((await post(batch)).body).toMatchObject({ accepted: 2, duplicates: [] });
    expect((await post(batch)).body).toMatchObject({
      accepted: 0,
      duplicates: [
        { index: 0, eventId: 're-1' },
        { index: 1, eventId: 're-2' },
      ],
    });
    const writer = new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 });
    expect((await writer.read('C-12'))?.state.visits.count).toBe(2);
  });

  it('refuses a batch of more than 500 records, or no list at all, with 400', async () => {
    const many = {
      events: Array.from({ length: 501 }, (_, i) => visit(`big-${i}`, 'C-13', '2026-10-01T19:00:00+08:00', 1)),
    };
    expect(await post(many)).toMatchObject({
      status: 400,
      body: { message: 'events: at most 500 records a batch, got 501' },
    });
    expect(await post({ records: [] })).toMatchObject({
      status: 400,
      body: { message: 'events: expected a list of event records' },
    });
  });

  it('refuses an oversized body with 413 before reading it, and writes nothing', async () => {
    const padding = 'x'.repeat(1_100_000);
    const reply = await post({
      events: [{ ...visit('huge-1', 'C-14', '2026-10-01T19:00:00+08:00', 1), scriptId: padding }],
    });
    expect(reply.status).toBe(413);
    expect(reply.body.message).toMatch(/^the body is \d+ bytes; at most 1048576 a request/);
    const { Items } = await local.doc.send(
      new QueryCommand({
        TableName: local.names.events,
        IndexName: 'byCustomer',
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': 'C-14' },
      }),
    );
    expect(Items).toEqual([]);
  });

  it('answers a body that is not JSON with 4xx, not a crash', async () => {
    const { handler } = await import('../../functions/ingest-events/handler.ts');
    const result = (await handler(
      httpPost('/v1/events', '{"events": [', 'broken'),
      lambdaContext,
    )) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode).toBeGreaterThanOrEqual(400);
    expect(result.statusCode).toBeLessThan(500);
  });
});
