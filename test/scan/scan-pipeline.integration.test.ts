import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleChain } from '#cli/sample/sample-chain.ts';
import { sampleStaff } from '#cli/sample/sample-staff.ts';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { CaseStore } from '#shared/adapters/dynamodb/case-store.ts';
import type { CustomerFile } from '#shared/customer/customer-file-schema.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import type { OpenCasesResult, SegmentResult } from '#shared/scan/scan-run.ts';
import { PolicyScorer } from '#shared/scoring/policy-scorer.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';
import { httpPost, lambdaContext } from '../helpers/http-event.ts';
import { useLocalLambdaEnvironment } from '../helpers/local-lambda-env.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';
import { seededRandom, shuffled } from '../helpers/random-history.ts';

const AS_OF = '2026-11-23T02:00:00+08:00';
const SEGMENTS = 4;
let local: LocalTables;
// Step Functions has no local server here yet (the local runtime brings one): its API is mocked at the SDK.
const sfn = mockClient(SFNClient);
const startedNames = () => sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input.name);
let files: CustomerFile[];
let postEvents: (body: unknown) => Promise<Record<string, unknown>>;
let scan: (runId: string, kind: 'daily' | 'monthly' | 'weekly', asOf?: string) => Promise<SegmentResult[]>;
/** What the run's last step did: the cases it opened within the owners' capacity. */
let opening: OpenCasesResult;

const context = { ...lambdaContext, getRemainingTimeInMillis: () => 900_000 } as Context;

beforeAll(async () => {
  local = await localTables();
  useLocalLambdaEnvironment(local.names);
  process.env.CASE_STATE_MACHINE_ARN = 'arn:aws:states:ap-east-1:123456789012:stateMachine:Case';
  sfn
    .on(StartExecutionCommand)
    .resolves({ executionArn: 'arn:aws:states:ap-east-1:123456789012:execution:Case:x', startDate: new Date() });
  // Every case started here is still running when the next scan looks it up (reconciliation).
  sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' } as never);
  const events = await import('../../functions/ingest-events/handler.ts');
  const customers = await import('../../functions/ingest-customers/handler.ts');
  const segment = await import('../../functions/scan-segment/handler.ts');
  const call = async (handler: typeof events.handler, path: string, body: unknown) =>
    JSON.parse(
      String(((await handler(httpPost(path, body), lambdaContext)) as APIGatewayProxyStructuredResultV2).body),
    ) as Record<string, unknown>;
  postEvents = (body) => call(events.handler, '/v1/events', body);
  // As the scan workflow runs them: the segments side by side, then the step that opens cases.
  scan = async (runId, kind, asOf = AS_OF) => {
    const results = (await Promise.all(
      Array.from({ length: SEGMENTS }, (_, n) =>
        segment.handler({ runId, kind, asOf, segment: n, totalSegments: SEGMENTS }, context),
      ),
    )) as SegmentResult[];
    opening = (await segment.handler({ step: 'open-cases', runId, kind, asOf }, context)) as OpenCasesResult;
    return results;
  };

  files = [...sampleChain({ customers: 300, seed: 5, until: Date.parse(AS_OF) })];
  // A customer-service agent, an operations lead per store and a head of operations over all three.
  const policy = presetPolicy('script-kill');
  await batchPut(
    local.doc,
    local.names.staff,
    sampleStaff(
      ['STORE-01', 'STORE-02', 'STORE-03'],
      Object.values(policy.owners).map((owner) => owner.role),
    ).people,
  );
  for (let i = 0; i < files.length; i += 500) {
    const profiles = files.slice(i, i + 500).map(({ events: _events, ...profile }) => profile);
    expect(await call(customers.handler, '/v1/customers', { customers: profiles })).toMatchObject({
      accepted: profiles.length,
      failed: [],
    });
  }
  // Every customer's events, mixed together and out of order, as the sources send them.
  const all = shuffled(
    files.flatMap((file) =>
      file.events.map((event) => ({ ...event, customerId: file.customerId, storeId: file.storeId })),
    ),
    seededRandom(9),
  );
  for (let i = 0; i < all.length; i += 500)
    expect(await postEvents({ events: all.slice(i, i + 500) })).toMatchObject({ failed: [], rejected: [] });
}, 240_000);

/** Serious service complaints as the customer-service system sends them, one event per instant. */
const seriousComplaints = (prefix: string, customerId: string, storeId: string, ats: string[]) =>
  ats.map((at, i) => ({
    eventId: `${prefix}-${i}`,
    customerId,
    storeId,
    type: 'complaint',
    at,
    severity: 'serious',
    category: 'service',
  }));

async function alertsOf(customerId: string) {
  const { Items } = await local.doc.send(
    new QueryCommand({
      TableName: local.names.alerts,
      KeyConditionExpression: 'customerId = :c',
      ExpressionAttributeValues: { ':c': customerId },
    }),
  );
  return Items ?? [];
}

async function allAlerts() {
  const { Items } = await local.doc.send(new ScanCommand({ TableName: local.names.alerts }));
  return Items ?? [];
}

const total = (results: SegmentResult[], key: 'scanned' | 'raised' | 'escalated' | 'kept' | 'quiet' | 'alreadyDone') =>
  results.reduce((sum, result) => sum + result[key], 0);

describe('ingest -> state -> scan -> alerts, on DynamoDB Local', () => {
  it('raises one alert per at-risk customer, at the level the scoring CLI gives from the same export', async () => {
    const results = await scan('daily-2026-11-23', 'daily');
    expect(total(results, 'scanned')).toBe(files.length);

    const { assess } = new PolicyScorer(presetPolicy('script-kill')).at(Date.parse(AS_OF));
    const expected = new Map(
      files.map((file) => [file.customerId, assess({ profile: file, state: foldCustomerFile(file).state }).level]),
    );
    const atRisk = [...expected].filter(([, level]) => level > 0);
    expect(new Set([...expected.values()])).toEqual(new Set([0, 1, 2, 3]));

    const alerts = await allAlerts();
    expect(alerts).toHaveLength(atRisk.length);
    expect(total(results, 'raised')).toBe(atRisk.length);
    for (const alert of alerts) expect(alert.level, alert.customerId).toBe(expected.get(alert.customerId));
    // The run counts new alerts by level, as its metrics publish them.
    for (const level of [1, 2, 3] as const) {
      expect(
        results.reduce((sum, result) => sum + result.raisedByLevel[level], 0),
        `level ${level}`,
      ).toBe(atRisk.filter(([, l]) => l === level).length);
    }
  });

  it("opens cases only up to each owner's capacity, most at stake first, and keeps the rest queued with their priority", async () => {
    const alerts = await allAlerts();
    const names = startedNames();
    // A Monday: the call-back agent of each store takes 8, its operations lead 4, the head of operations 2 for all three stores.
    const waiting = (storeId: string | undefined, level: number) =>
      alerts.filter((alert) => (storeId === undefined || alert.storeId === storeId) && alert.level === level).length;
    const stores = ['STORE-01', 'STORE-02', 'STORE-03'];
    const capacity =
      stores.reduce((sum, store) => sum + Math.min(8, waiting(store, 1)) + Math.min(4, waiting(store, 2)), 0) +
      Math.min(2, waiting(undefined, 3));
    expect(alerts.length).toBeGreaterThan(capacity * 3);
    expect(names).toHaveLength(capacity);
    expect(opening).toMatchObject({
      planned: capacity,
      opened: capacity,
      pending: 0,
      queued: alerts.length - capacity,
      unstaffed: [],
    });
    expect(new Set(names).size).toBe(capacity);
    for (const name of names) expect(name).toMatch(/^L[123]-STORE-0[123]-C0x+\d{2}-20261123-[0-9a-f]{8}$/);

    const opened = alerts.filter((alert) => alert.status === 'open');
    const queued = alerts.filter((alert) => alert.status === 'queued');
    expect([opened.length, queued.length]).toEqual([capacity, alerts.length - capacity]);
    expect(
      opened.every(
        (alert) => typeof alert.executionName === 'string' && alert.openedAt === '2026-11-23T02:00:00+08:00',
      ),
    ).toBe(true);
    expect(queued.every((alert) => alert.executionName === undefined)).toBe(true);
    // In each owner's line the opened ones had the most at stake.
    for (const store of stores) {
      for (const level of [1, 2]) {
        const line = (status: string) =>
          alerts
            .filter((alert) => alert.storeId === store && alert.level === level && alert.status === status)
            .map((alert) => Number(alert.priority));
        if (line('queued').length > 0)
          expect(Math.min(...line('open')), `${store} level ${level}`).toBeGreaterThanOrEqual(
            Math.max(...line('queued')),
          );
      }
    }
    const input = JSON.parse(String(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input));
    expect(Object.keys(input).sort()).toEqual(['alertId', 'customerId', 'identifiedAt', 'level', 'storeId']);
  });

  it('leaves no opened alert without its case: a start that fails is made by the next scan', async () => {
    // Two of STORE-01's call-back customers refuse the same day: their places in the day's intake free up.
    const [first, second] = (await allAlerts()).filter(
      (alert) => alert.storeId === 'STORE-01' && alert.level === 1 && alert.status === 'open',
    );
    for (const alert of [first, second]) {
      await new CaseStore(local.doc, local.names).update(
        String(alert?.customerId),
        String(alert?.alertId),
        'refused',
        { closedAt: '2026-11-23T10:00:00+08:00', outcomeReason: 'not interested' },
        { step: '99-close', at: '2026-11-23T10:00:00+08:00', actor: 'cs-01', what: 'closed: refused' },
        { quiet: { until: '2027-05-22T10:00:00+08:00', level: 3, outcome: 'refused' } },
      );
    }
    sfn.reset();
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' } as never);
    sfn
      .on(StartExecutionCommand)
      .rejects(Object.assign(new Error('down'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } }));
    await scan('daily-2026-11-23b', 'daily');
    expect(opening).toMatchObject({ planned: 2, opened: 0, pending: 2 });

    sfn.reset();
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' } as never);
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x', startDate: new Date() });
    const next = await scan('daily-2026-11-23c', 'daily');
    expect(next.reduce((sum, r) => sum + r.casesStarted, 0)).toBe(2);
    // Opened, only not started: they are today's intake already, so nothing more opens.
    expect(opening.planned).toBe(0);
    expect(startedNames()).toEqual([expect.stringMatching(/^L1-STORE-01-/), expect.stringMatching(/^L1-STORE-01-/)]);
    const again = await scan('daily-2026-11-23d', 'daily');
    expect(again.reduce((sum, r) => sum + r.casesStarted + r.casesPending, 0) + opening.planned).toBe(0);
  });

  it('writes alerts a store can act on: indicators with evidence, owner, deadlines in working days, policy version', async () => {
    const alert = (await allAlerts()).find((item) => item.level === 2 && item.status === 'open');
    expect(alert).toMatchObject({
      alertId: 'daily-2026-11-23',
      status: 'open',
      // What is at stake, and why: no return model is fitted here, so the risk is the policy's for level 2.
      priority: expect.any(Number),
      priorityParts: { risk: 0.5, riskFrom: 'level', visitsFrom: 'visit-rate', horizonWeeks: 26 },
      policyVersion: 'script-kill/2026.1',
      identifiedAt: '2026-11-23T02:00:00+08:00',
      ownerRole: 'operations',
      // Monday 23 November + 5 working days: Monday 30 November, due by its end.
      deadlines: { responsePlanBy: '2026-11-24T02:00:00+08:00', firstContactBy: '2026-12-01T00:00:00+08:00' },
      followUpEveryDays: 3,
    });
    expect(alert?.indicators[0]).toEqual({
      id: expect.any(String),
      core: expect.any(Boolean),
      evidence: expect.any(String),
    });
  });

  it('creates nothing twice when the same run is delivered again, or the next day finds the same customers', async () => {
    const before = (await allAlerts()).length;
    const live = (await allAlerts()).filter((alert) => ['queued', 'open', 'in_progress'].includes(alert.status)).length;
    const again = await scan('daily-2026-11-23', 'daily');
    expect(opening.planned).toBe(0);
    const nextDay = await scan('daily-2026-11-24', 'daily', '2026-11-24T02:00:00+08:00');
    expect(total(again, 'raised') + total(nextDay, 'raised')).toBe(0);
    expect(total(again, 'kept')).toBe(live);
    expect(await allAlerts()).toHaveLength(before);
  });

  it("escalates the open alert when a customer's level rises", async () => {
    const levelOne = (await allAlerts()).find((item) => item.level === 1);
    const customerId = String(levelOne?.customerId);
    const storeId = String(levelOne?.storeId);
    const worse = seriousComplaints('worse', customerId, storeId, [
      '2026-11-20T12:00:00+08:00',
      '2026-11-21T12:00:00+08:00',
    ]);
    await postEvents({
      events: [
        ...worse,
        {
          eventId: 'worse-review',
          customerId,
          storeId,
          type: 'review',
          at: '2026-11-21T13:00:00+08:00',
          platform: 'meituan',
          sentiment: 'negative',
        },
        { eventId: 'worse-refusal', customerId, storeId, type: 'contact_refused', at: '2026-11-22T10:00:00+08:00' },
      ],
    });
    const results = await scan('daily-2026-11-25', 'daily', '2026-11-25T02:00:00+08:00');
    // Time passing raises others too; this one rose from 1 to 3.
    expect(total(results, 'escalated')).toBeGreaterThanOrEqual(1);
    expect(total(results, 'raised') + total(results, 'escalated')).toBeLessThan(files.length / 10);
    const [alert] = await alertsOf(customerId);
    expect(alert).toMatchObject({ alertId: levelOne?.alertId, level: 3 });
    expect(alert?.levelHistory.map((step: { level: number }) => step.level)).toEqual([1, 3]);
  });

  it('leaves a customer whose case closed lost in peace for the quiet period, unless their level rises', async () => {
    const levelOne = (await allAlerts()).filter((item) => item.level === 1 && item.status === 'open').at(-1);
    const customerId = String(levelOne?.customerId);
    const storeId = String(levelOne?.storeId);
    await new CaseStore(local.doc, local.names).update(
      customerId,
      String(levelOne?.alertId),
      'lost',
      { closedAt: '2026-11-25T10:00:00+08:00', outcomeReason: 'moved' },
      { step: '99-close', at: '2026-11-25T10:00:00+08:00', actor: 'cs-1', what: 'closed: lost' },
      { quiet: { until: '2027-02-23T10:00:00+08:00', level: 1, outcome: 'lost' } },
    );
    const nextDay = await scan('daily-2026-11-26', 'daily', '2026-11-26T02:00:00+08:00');
    expect(total(nextDay, 'quiet')).toBeGreaterThanOrEqual(1);
    expect(await alertsOf(customerId)).toHaveLength(1);

    // A serious complaint raises the level above the lost case's: that is news, and alerts.
    await postEvents({
      events: seriousComplaints('quiet-worse', customerId, storeId, [
        '2026-11-26T12:00:00+08:00',
        '2026-11-26T13:00:00+08:00',
      ]),
    });
    await scan('daily-2026-11-27', 'daily', '2026-11-27T02:00:00+08:00');
    const alerts = await alertsOf(customerId);
    expect(alerts).toHaveLength(2);
    expect(Math.max(...alerts.map((alert) => Number(alert.level)))).toBeGreaterThan(1);
  });

  it('keeps the monthly risk list and the weekly store summary of what the scan saw', async () => {
    const monthly = await scan('monthly-2026-12', 'monthly', '2026-12-01T02:00:00+08:00');
    const { Items: risk } = await local.doc.send(
      new QueryCommand({
        TableName: local.names.snapshots,
        KeyConditionExpression: 'snapshotId = :s',
        ExpressionAttributeValues: { ':s': 'risk-list#monthly-2026-12' },
      }),
    );
    const atRisk = monthly.reduce((sum, result) => sum + result.byLevel[1] + result.byLevel[2] + result.byLevel[3], 0);
    // Customers left in peace after a refusal are not listed (nobody may call them).
    expect(risk).toHaveLength(atRisk - total(monthly, 'quiet'));
    expect(risk?.[0]).toMatchObject({
      level: expect.any(Number),
      alertId: expect.any(String),
      indicators: expect.any(Array),
      priority: expect.any(Number),
    });

    const weekly = await scan('weekly-2026-W49', 'weekly', '2026-11-30T08:00:00+08:00');
    const { Items: parts } = await local.doc.send(
      new QueryCommand({
        TableName: local.names.snapshots,
        KeyConditionExpression: 'snapshotId = :s',
        ExpressionAttributeValues: { ':s': 'store-summary#weekly-2026-W49' },
      }),
    );
    const counted = (parts ?? []).reduce((sum, part) => sum + (part.byLevel as number[]).reduce((a, b) => a + b, 0), 0);
    expect(counted).toBe(total(weekly, 'scanned'));
    expect(counted).toBeGreaterThanOrEqual(files.length);
    expect(new Set((parts ?? []).map((part) => part.storeId)).size).toBe(3);
  });
});
