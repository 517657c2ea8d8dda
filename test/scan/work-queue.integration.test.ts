import { DeleteCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleStaff } from '#cli/sample/sample-staff.ts';
import { AlertWriter } from '#shared/adapters/dynamodb/alert-writer.ts';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { CaseStore } from '#shared/adapters/dynamodb/case-store.ts';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { CustomerScan } from '#shared/adapters/dynamodb/customer-scan.ts';
import { OpenWorkReader } from '#shared/adapters/dynamodb/open-work-reader.ts';
import { SnapshotStore } from '#shared/adapters/dynamodb/snapshot-store.ts';
import { loadStaffDirectory } from '#shared/adapters/dynamodb/staff-store.ts';
import { type CaseStart, type CaseStarter, caseExecutionName } from '#shared/cases/case-start.ts';
import { parsePolicy } from '#shared/policy/parse-policy.ts';
import type { Policy } from '#shared/policy/policy-schema.ts';
import { PRESETS } from '#shared/policy/presets/preset-catalog.ts';
import { mailBudget, type SendQuota } from '#shared/queue/mail-budget.ts';
import { queueLines } from '#shared/queue/queue-lines.ts';
import { warningAccuracy } from '#shared/reports/kpis.ts';
import { evaluateWinback } from '#shared/reports/winback-evaluation.ts';
import { openCases } from '#shared/scan/open-cases.ts';
import { scanSegment } from '#shared/scan/scan-segment.ts';
import { event } from '../helpers/customer-builder.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';

const MONDAY = '2026-11-23T02:00:00+08:00';
const DAY = 86_400_000;
const SEGMENTS = 3;

/** Small numbers a test can follow: per working day a call-back agent takes 2, an operations lead 1, the head of operations 1; each holds two days' intake open. */
const small = (workQueue: Record<string, unknown> = {}): Policy =>
  parsePolicy(
    {
      ...PRESETS['script-kill']!,
      workQueue: {
        newCasesPerDay: { customer_service: 2, operations: 1, operations_head: 1 },
        workInHandDays: 2,
        startsPerSecond: 500,
        ...workQueue,
      },
    },
    'test policy',
  );

/** The case executions started, by name; a repeated start is the same execution, as in Step Functions. */
class RecordingStarter implements CaseStarter {
  readonly names: string[] = [];
  async start(alert: CaseStart): Promise<'started' | 'already-started'> {
    const name = caseExecutionName(alert);
    if (this.names.includes(name)) return 'already-started';
    this.names.push(name);
    return 'started';
  }
}

const daysBefore = (iso: string, days: number) => new Date(Date.parse(iso) - days * DAY).toISOString();
/** Level 1: a regular last seen 45 days ago (visit_gap_early), spending `amount` a visit. */
const awhile = (amount: number) => [45, 75, 105].map((days) => event.visit(daysBefore(MONDAY, days), amount));
/** Level 2: nobody has seen them for three months (no_visit_3m, core) and over 60 days (visit_gap). */
const months = (amount: number) => [130, 160, 190].map((days) => event.visit(daysBefore(MONDAY, days), amount));
/** Two serious complaints this week (serious_complaint and repeat_complaints, both core). */
const complaints = (before: string) => [
  event.complaint(daysBefore(before, 6), 'serious', 'service'),
  event.complaint(daysBefore(before, 5), 'serious', 'dm'),
];

/** An alert as stored, with the attributes these tests read. */
type StoredAlert = Record<string, unknown> & {
  customerId: string;
  alertId: string;
  storeId: string;
  level: 1 | 2 | 3;
  status: string;
  priority?: number;
  executionName?: string;
  levelHistory: Array<{ level: number }>;
  priorityParts: { risk: number };
};

interface Chain {
  local: LocalTables;
  starter: RecordingStarter;
  scan(runId: string, asOf: string, policy: Policy, quota?: SendQuota): ReturnType<typeof runScan>;
  alert(customerId: string): Promise<StoredAlert>;
  alerts(): Promise<StoredAlert[]>;
  write(customerId: string, events: ReturnType<typeof awhile>): Promise<void>;
}

async function runScan(
  local: LocalTables,
  starter: RecordingStarter,
  runId: string,
  asOf: string,
  policy: Policy,
  quota?: SendQuota,
) {
  const alerts = new AlertWriter(local.doc, local.names);
  // Pages of two customers over three segments side by side: a store's customers are spread over all of them.
  const deps = {
    source: new CustomerScan(local.doc, local.names, 2),
    alerts,
    cases: starter,
    snapshots: new SnapshotStore(local.doc, local.names),
    policy,
    timeLeft: () => 900_000,
  };
  const segments = await Promise.all(
    Array.from({ length: SEGMENTS }, (_, segment) =>
      scanSegment({ runId, kind: 'daily', asOf, segment, totalSegments: SEGMENTS }, deps),
    ),
  );
  const opening = await openCases(
    { runId, asOf },
    {
      work: new OpenWorkReader(local.doc, local.names),
      alerts,
      cases: starter,
      staff: () => loadStaffDirectory(local.doc, local.names),
      policy,
      timeLeft: () => 900_000,
      ...(quota ? { mailBudget: async () => mailBudget(quota, policy.workQueue) } : {}),
    },
  );
  return {
    segments,
    opening,
    sum: (key: 'raised' | 'dequeued' | 'escalated' | 'kept') =>
      segments.reduce((total, result) => total + result[key], 0),
  };
}

/**
 * Two stores with a call-back agent, an operations lead and a store manager each, a head of
 * operations over both, and a third store nobody is staffed for.
 */
async function chain(customers: Record<string, ReturnType<typeof awhile>>): Promise<Chain> {
  const local = await localTables();
  await batchPut(
    local.doc,
    local.names.staff,
    sampleStaff(['S1', 'S2'], ['customer_service', 'operations', 'operations_head']).people,
  );
  const writer = new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 });
  const write = async (customerId: string, events: ReturnType<typeof awhile>) => {
    await writer.write(customerId, customerId.slice(0, 2), events);
  };
  for (const [customerId, events] of Object.entries(customers)) await write(customerId, events);
  const starter = new RecordingStarter();
  const alerts = async () =>
    ((await local.doc.send(new ScanCommand({ TableName: local.names.alerts }))).Items ?? []) as StoredAlert[];
  return {
    local,
    starter,
    write,
    alerts,
    scan: (runId, asOf, policy, quota) => runScan(local, starter, runId, asOf, policy, quota),
    alert: async (customerId) => {
      const { Items = [] } = await local.doc.send(
        new QueryCommand({
          TableName: local.names.alerts,
          KeyConditionExpression: 'customerId = :c',
          ExpressionAttributeValues: { ':c': customerId },
        }),
      );
      return Items.at(-1) as StoredAlert;
    },
  };
}

/** Fresh events (fresh ids) for each chain. Customer ids say the store, the level and what they spend: S1-L1-500 is a level-1 customer of S1 spending ¥500 a visit. */
const customers = () => ({
  'S1-L1-100': awhile(100),
  'S1-L1-200': awhile(200),
  'S1-L1-300': awhile(300),
  'S1-L1-400': awhile(400),
  'S1-L1-500': awhile(500),
  'S1-L2-50': months(50),
  'S1-L2-60': months(60),
  'S1-L3-70': [...months(70), ...complaints(MONDAY)],
  'S2-L1-150': awhile(150),
  'S2-L1-250': awhile(250),
  'S2-L1-350': awhile(350),
  'S2-L3-80': [...months(80), ...complaints(MONDAY)],
  'S2-L3-90': [...months(90), ...complaints(MONDAY)],
  'S3-L1-999': awhile(999),
});

const statusOf = async (c: Chain) =>
  Object.fromEntries((await c.alerts()).map((alert) => [alert.customerId, alert.status]));
const openedBy = (statuses: Record<string, string>) =>
  Object.keys(statuses)
    .filter((id) => statuses[id] === 'open')
    .sort();

describe("the work queue: cases open within the owners' capacity, most at stake first", () => {
  let c: Chain;
  const policy = small();

  beforeAll(async () => {
    c = await chain(customers());
  }, 60_000);

  it("opens no more than each owner's capacity on the first scan of a new chain, store by store and role by role, however the segments split the customers", async () => {
    const { sum, opening } = await c.scan('daily-1123', MONDAY, policy);
    // Every at-risk customer is alerted; cases open for the two most at stake of each call-back agent, one per operations lead, one for the head of operations.
    expect(sum('raised')).toBe(14);
    const statuses = await statusOf(c);
    expect(openedBy(statuses)).toEqual(['S1-L1-400', 'S1-L1-500', 'S1-L2-60', 'S2-L1-250', 'S2-L1-350', 'S2-L3-90']);
    expect(Object.values(statuses).filter((status) => status === 'queued')).toHaveLength(8);
    expect(c.starter.names).toHaveLength(6);
    expect(opening).toMatchObject({
      waiting: 14,
      planned: 6,
      opened: 6,
      pending: 0,
      queued: 8,
      unstaffed: ['nobody:customer_service@S3'],
    });
  });

  it("shows each waiting alert's place in its owner's line and why: what is at stake, from what", async () => {
    const { waiting, owners } = queueLines(
      await c.alerts(),
      policy,
      await loadStaffDirectory(c.local.doc, c.local.names),
      Date.parse(MONDAY),
    );
    const place = (customerId: string) => [...waiting.values()].find((placed) => placed.customerId === customerId);
    expect([place('S1-L1-300')?.position, place('S1-L1-200')?.position, place('S1-L1-100')?.position]).toEqual([
      1, 2, 3,
    ]);
    expect(place('S1-L3-70')).toMatchObject({ owner: 'ops-head', ownerRole: 'operations_head', position: 2 });
    expect(owners.find((owner) => owner.key === 'cs-1')).toMatchObject({
      newCasesPerDay: 2,
      openedToday: 2,
      open: 2,
      workInHand: 4,
      free: 0,
      waiting: 3,
    });
    const queued = await c.alert('S1-L1-300');
    expect(queued).toMatchObject({
      status: 'queued',
      priorityParts: { risk: 0.3, riskFrom: 'level', visitsFrom: 'visit-rate', averageSpendYuan: 300 },
    });
    // Three visits in their 105 days, counted over the 26-week horizon at least: 3 visits x ¥300 at 30%.
    expect(queued.priority).toBe(270);
    expect(queued.executionName).toBeUndefined();
  });

  it('opens nothing twice when the run is delivered again', async () => {
    const again = await c.scan('daily-1123', MONDAY, policy);
    expect([again.sum('raised'), again.opening.planned, again.opening.opened, c.starter.names.length]).toEqual([
      0, 0, 0, 6,
    ]);
  });

  it("takes a customer who came back out of the queue (counted as dequeued, not as a case), and moves one whose level rose up the new owner's line", async () => {
    await c.write('S1-L1-300', [event.visit('2026-11-23T19:00:00+08:00', 300)]);
    await c.write('S1-L1-100', complaints('2026-11-24T02:00:00+08:00'));
    const tuesday = await c.scan('daily-1124', '2026-11-24T02:00:00+08:00', policy);
    // A customer still waiting gets no second alert; the one who came back leaves the queue; the one who got worse is escalated.
    expect([tuesday.sum('raised'), tuesday.sum('dequeued'), tuesday.sum('escalated')]).toEqual([0, 1, 1]);

    expect(await c.alert('S1-L1-300')).toMatchObject({
      status: 'dequeued',
      outcomeReason: 'self_recovered',
      closedAt: '2026-11-24T02:00:00+08:00',
    });
    // The last in the call-back line rose to level 2: now the operations lead's, ahead of the level-2 customer with less at stake.
    const risen = await c.alert('S1-L1-100');
    expect(risen).toMatchObject({
      level: 2,
      ownerRole: 'operations',
      status: 'open',
      openedAt: '2026-11-24T02:00:00+08:00',
      opening: { owner: 'ops-1', position: 1 },
    });
    expect(risen.levelHistory.map((step: { level: number }) => step.level)).toEqual([1, 2]);
    expect(risen.priorityParts.risk).toBe(0.5);
    const statuses = await statusOf(c);
    expect(statuses['S1-L2-50']).toBe('queued');
    // The next working day's intake: the rest of each line, up to the desk.
    expect(openedBy(statuses)).toEqual([
      'S1-L1-100',
      'S1-L1-200',
      'S1-L1-400',
      'S1-L1-500',
      'S1-L2-60',
      'S2-L1-150',
      'S2-L1-250',
      'S2-L1-350',
      'S2-L3-80',
      'S2-L3-90',
    ]);

    // The reports count the dequeued alert as an alert, not as a case nobody confirmed or won back.
    const alerts = (await c.alerts()).map((alert) => ({ ...alert, status: String(alert.status) })) as Array<{
      storeId: string;
      level: 1 | 2 | 3;
      status: string;
    }>;
    expect(warningAccuracy(alerts, ['S1'], 0.9)[0]).toMatchObject({ answered: 0 });
    expect(evaluateWinback(alerts, ['S1'], policy).find((row) => row.level === 1)).toMatchObject({
      alerted: 3,
      open: 3,
    });
  });

  it("waits while an owner's desk is full, and opens the next in line the day a case closes", async () => {
    // Wednesday: a new day's intake, but the operations lead and the head of operations hold two days' worth open.
    const wednesday = await c.scan('daily-1125', '2026-11-25T02:00:00+08:00', policy);
    expect(wednesday.opening.planned).toBe(0);
    expect((await statusOf(c))['S1-L2-50']).toBe('queued');

    const closing = await c.alert('S1-L2-60');
    await new CaseStore(c.local.doc, c.local.names).update(
      'S1-L2-60',
      String(closing.alertId),
      'lost',
      { closedAt: '2026-11-25T11:00:00+08:00', outcomeReason: 'moved' },
      { step: '99-close', at: '2026-11-25T11:00:00+08:00', actor: 'ops-1', what: 'closed: lost' },
      { quiet: { until: '2027-02-23T11:00:00+08:00', level: 3, outcome: 'lost' } },
    );
    const later = await c.scan('daily-1125b', '2026-11-25T14:00:00+08:00', policy);
    expect(later.opening).toMatchObject({ planned: 1, opened: 1 });
    expect(await c.alert('S1-L2-50')).toMatchObject({ status: 'open', opening: { owner: 'ops-1', position: 1 } });
    expect((await statusOf(c))['S1-L3-70']).toBe('queued');
  });
});

describe('an alert whose customer file is gone', () => {
  it('is closed when its turn comes, and its place goes to the next in line', async () => {
    const c = await chain(customers());
    await c.scan('daily-1123', MONDAY, small());
    // S1-L1-300 is next in the call-back line; then its file is erased.
    await c.local.doc.send(new DeleteCommand({ TableName: c.local.names.customers, Key: { customerId: 'S1-L1-300' } }));
    const { opening } = await c.scan('daily-1124', '2026-11-24T02:00:00+08:00', small());
    expect(await c.alert('S1-L1-300')).toMatchObject({ status: 'dequeued', outcomeReason: 'no_customer_file' });
    expect(opening.skipped).toBe(1);
    const statuses = await statusOf(c);
    expect([statuses['S1-L1-200'], statuses['S1-L1-100']]).toEqual(['open', 'open']);
  });
});

describe('"open everything" in the policy', () => {
  it("opens every alert's case on the first scan, as before the work queue", async () => {
    const c = await chain(customers());
    const { opening, sum } = await c.scan('daily-1123', MONDAY, small({ open: 'everything' }));
    expect(sum('raised')).toBe(14);
    expect(opening).toMatchObject({ planned: 14, opened: 14, queued: 0 });
    expect(new Set(Object.values(await statusOf(c)))).toEqual(new Set(['open']));
    expect(c.starter.names).toHaveLength(14);
  });
});

describe("the account's SES quota", () => {
  it('opens only the cases whose emails the day can still carry, most at stake first, and the rest on the next scan', async () => {
    const c = await chain(customers());
    // 10 emails left in the sandbox's day: half of them for new cases, two emails a case.
    const { opening } = await c.scan('daily-1123', MONDAY, small(), {
      max24HourSend: 200,
      sentLast24Hours: 190,
      maxSendRate: 1,
    });
    expect(opening).toMatchObject({ planned: 6, opened: 2, heldForMail: 4, queued: 12 });
    // Level 3 first: the head of operations' case, then the most at stake of the rest.
    expect(openedBy(await statusOf(c))).toEqual(['S1-L1-500', 'S2-L3-90']);
    // A new day of quota: the capacity held back opens, nothing twice.
    const next = await c.scan('daily-1123b', '2026-11-23T14:00:00+08:00', small(), {
      max24HourSend: 200,
      sentLast24Hours: 0,
      maxSendRate: 1,
    });
    expect(next.opening).toMatchObject({ opened: 4, heldForMail: 0 });
    expect(openedBy(await statusOf(c))).toEqual([
      'S1-L1-400',
      'S1-L1-500',
      'S1-L2-60',
      'S2-L1-250',
      'S2-L1-350',
      'S2-L3-90',
    ]);
    expect(c.starter.names).toHaveLength(6);
  });
});
