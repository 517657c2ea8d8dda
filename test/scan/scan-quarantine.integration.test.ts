import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlertWriter } from '#shared/adapters/dynamodb/alert-writer.ts';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { CustomerScan } from '#shared/adapters/dynamodb/customer-scan.ts';
import { itemBytes } from '#shared/adapters/dynamodb/item-size.ts';
import { quarantineBatchId, ScanQuarantine } from '#shared/adapters/dynamodb/scan-quarantine.ts';
import { SnapshotStore } from '#shared/adapters/dynamodb/snapshot-store.ts';
import type { CaseStarter } from '#shared/cases/case-start.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { type ScanDependencies, scanSegment } from '#shared/scan/scan-segment.ts';
import { capturedLogs } from '../helpers/captured-logs.ts';
import { event } from '../helpers/customer-builder.ts';
import { lambdaContext } from '../helpers/http-event.ts';
import { useLocalLambdaEnvironment } from '../helpers/local-lambda-env.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';

const AS_OF = '2026-11-23T02:00:00+08:00';
const DAY = 86_400_000;
const PHONE = '13912345678';
/** 400 KB, DynamoDB's limit on one item. */
const DYNAMODB_ITEM_LIMIT = 409_600;
const policy = presetPolicy('script-kill');
const daysBefore = (days: number) => new Date(Date.parse(AS_OF) - days * DAY).toISOString();
/** Level 1: a regular last seen 45 days ago. */
const atRisk = () => [45, 75, 105].map((days) => event.visit(daysBefore(days), 100));

const starter: CaseStarter = { start: async () => 'started' };
let local: LocalTables;
let deps: ScanDependencies;

/** A customer's item as ingestion wrote it, then spoiled by `spoil` (an old release, a hand edit, a bug). */
async function spoiled(
  customerId: string,
  spoil: (item: Record<string, unknown>) => Record<string, unknown>,
): Promise<void> {
  const { Item } = await local.doc.send(new GetCommand({ TableName: local.names.customers, Key: { customerId } }));
  await local.doc.send(new PutCommand({ TableName: local.names.customers, Item: spoil(Item ?? {}) }));
}

beforeAll(async () => {
  local = await localTables();
  const writer = new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 });
  for (const customerId of ['GOOD-1', 'GOOD-2', 'GOOD-3', 'NOT-JSON', 'NO-ENCODING', 'NO-LISTS', 'NO-SCORE', 'TOO-BIG'])
    await writer.write(customerId, 'S1', atRisk());
  // A state that is not JSON, one in an encoding nobody knows, one without the lists the indicators read.
  await spoiled('NOT-JSON', (item) => ({ ...item, state: `{"visits": {"note": "call ${PHONE}"` }));
  await spoiled('NO-ENCODING', (item) => ({ ...item, state: new Uint8Array([7, 1, 2, 3]) }));
  await spoiled('NO-LISTS', (item) => ({ ...item, state: JSON.stringify({ visits: { count: 3 }, note: PHONE }) }));
  // Reads as a state, but the scoring finds no visits summary where it looks.
  await spoiled('NO-SCORE', (item) => {
    const state = JSON.parse(item.state as string) as { visits: { recentAt: unknown } };
    return {
      ...item,
      state: JSON.stringify({ ...state, visits: { recentAt: state.visits.recentAt }, complaints: null }),
    };
  });
  // Grown to DynamoDB's limit by an older release: the alert's mark no longer fits on the item.
  await spoiled('TOO-BIG', (item) => ({
    ...item,
    legacyNotes: 'x'.repeat(DYNAMODB_ITEM_LIMIT - itemBytes(item) - 40),
  }));
  deps = {
    source: new CustomerScan(local.doc, local.names, 3),
    alerts: new AlertWriter(local.doc, local.names),
    cases: starter,
    snapshots: new SnapshotStore(local.doc, local.names),
    quarantine: new ScanQuarantine(local.doc, local.names),
    policy,
    timeLeft: () => 900_000,
  };
}, 120_000);

const quarantineOf = async (runId: string) =>
  ((
    await local.doc.send(
      new QueryCommand({
        TableName: local.names.rejects,
        KeyConditionExpression: 'batchId = :b',
        ExpressionAttributeValues: { ':b': quarantineBatchId(runId) },
      }),
    )
  ).Items ?? []) as Array<{ record: string; reasons: unknown }>;

describe('a scan with customers it cannot read, score or write', () => {
  it('quarantines each of them with the field and the reason, and scans and alerts every other customer', async () => {
    const result = await scanSegment(
      { runId: 'daily-q1', kind: 'daily', asOf: AS_OF, segment: 0, totalSegments: 1 },
      deps,
    );
    expect(result.quarantined).toBe(5);
    // The readable ones were assessed (TOO-BIG too: only its alert could not be written).
    expect(result.scanned).toBe(4);
    expect(result.raised).toBe(3);
    const { Items: alerts = [] } = await local.doc.send(new ScanCommand({ TableName: local.names.alerts }));
    expect(alerts.map((alert) => alert.customerId).sort()).toEqual(['GOOD-1', 'GOOD-2', 'GOOD-3']);

    const kept = await quarantineOf('daily-q1');
    const byCustomer = Object.fromEntries(kept.map((item) => [JSON.parse(item.record).customerId, item.reasons]));
    expect(byCustomer).toEqual({
      'NOT-JSON': [{ field: 'state', message: 'read: does not decode (SyntaxError)' }],
      'NO-ENCODING': [{ field: 'state', message: 'read: does not decode (Error)' }],
      'NO-LISTS': [{ field: 'state.visits.recentAt', message: 'read: missing or not a list' }],
      'NO-SCORE': [{ field: 'state', message: 'score: cannot be assessed (TypeError)' }],
      'TOO-BIG': [{ field: 'openAlert', message: 'write: could not be written (TransactionCanceledException)' }],
    });
    // The record names the customer and the store, never a value from the item.
    for (const item of kept) {
      expect(JSON.parse(item.record)).toMatchObject({ storeId: 'S1', quarantinedBy: 'daily-q1' });
      expect(JSON.stringify(item)).not.toContain(PHONE);
    }
    expect(JSON.stringify(result)).not.toContain(PHONE);
    expect(result.quarantine?.map((entry) => entry.stage).sort()).toEqual(['read', 'read', 'read', 'score', 'write']);
  });

  it('keeps one entry per customer when the run is delivered again, and the next run finds them again until repaired', async () => {
    await scanSegment({ runId: 'daily-q1', kind: 'daily', asOf: AS_OF, segment: 0, totalSegments: 1 }, deps);
    expect(await quarantineOf('daily-q1')).toHaveLength(5);
    const next = await scanSegment(
      { runId: 'daily-q2', kind: 'daily', asOf: AS_OF, segment: 0, totalSegments: 1 },
      deps,
    );
    expect(next.quarantined).toBe(5);
    expect(await quarantineOf('daily-q2')).toHaveLength(5);
  });

  it("fails the segment, to be retried, when every write fails: an outage is not the customers' fault", async () => {
    const down = new Proxy(deps.alerts, {
      get: () => async () => Promise.reject(Object.assign(new Error('unavailable'), { name: 'ServiceUnavailable' })),
    });
    const fresh = await localTables();
    const writer = new CustomerEventWriter(fresh.doc, fresh.names, { retentionDays: 1095 });
    for (const customerId of ['A', 'B', 'C']) await writer.write(customerId, 'S1', atRisk());
    await expect(
      scanSegment(
        { runId: 'daily-q3', kind: 'daily', asOf: AS_OF, segment: 0, totalSegments: 1 },
        {
          ...deps,
          source: new CustomerScan(fresh.doc, fresh.names),
          alerts: down,
          quarantine: new ScanQuarantine(fresh.doc, fresh.names),
        },
      ),
    ).rejects.toThrow('unavailable');
  });
});

describe('the scan function, when it quarantines', () => {
  it('logs the customers masked with their reasons, and hands the workflow the count, not the list', async () => {
    const fresh = await localTables();
    const writer = new CustomerEventWriter(fresh.doc, fresh.names, { retentionDays: 1095 });
    // A customer id that is a phone number, as some cash registers use.
    for (const customerId of [PHONE, 'GOOD-9']) await writer.write(customerId, 'S1', atRisk());
    await fresh.doc.send(
      new PutCommand({
        TableName: fresh.names.customers,
        Item: {
          ...(await fresh.doc.send(new GetCommand({ TableName: fresh.names.customers, Key: { customerId: PHONE } })))
            .Item,
          state: '{"visits":',
        },
      }),
    );
    useLocalLambdaEnvironment(fresh.names);
    process.env.CASE_STATE_MACHINE_ARN = 'arn:aws:states:ap-east-1:123456789012:stateMachine:Case';
    const { handler } = await import('../../functions/scan-segment/handler.ts');
    let result: Record<string, unknown> = {};
    const logs = await capturedLogs(async () => {
      result = (await handler({ runId: 'daily-h1', kind: 'daily', asOf: AS_OF, segment: 0, totalSegments: 1 }, {
        ...lambdaContext,
        getRemainingTimeInMillis: () => 900_000,
      } as Context)) as unknown as Record<string, unknown>;
    });
    expect(result).toMatchObject({ scanned: 1, raised: 1, quarantined: 1 });
    expect(result).not.toHaveProperty('quarantine');
    expect(logs).toContain('customers quarantined');
    expect(logs).toContain('scan:daily-h1');
    expect(logs).toContain('does not decode (SyntaxError)');
    expect(logs).not.toContain(PHONE);
    // The rejected records table keeps the id whole, for the repair.
    const { Items = [] } = await fresh.doc.send(
      new QueryCommand({
        TableName: fresh.names.rejects,
        KeyConditionExpression: 'batchId = :b',
        ExpressionAttributeValues: { ':b': 'scan:daily-h1' },
      }),
    );
    expect(Items.map((item) => JSON.parse(item.record).customerId)).toEqual([PHONE]);
  });
});
