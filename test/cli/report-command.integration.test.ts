import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { customerReference } from '#shared/privacy/customer-reference.ts';
import { ARTIFACTS_DIR, launchChromium } from '../helpers/browser.ts';
import { localDynamoDbEnvironment } from '../helpers/local-lambda-env.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';
import { runCli, scratchDir } from '../helpers/run-cli.ts';

let local: LocalTables;
let env: NodeJS.ProcessEnv;

const staff = [
  { id: 'gm', name: '周总', role: 'gm', stores: ['*'], email: 'gm@chain.example', active: true },
  { id: 'cs-1', name: '王芳', role: 'customer_service', stores: ['S1'], email: 'cs1@chain.example', active: true },
  { id: 'cs-2', name: '李强', role: 'customer_service', stores: ['S2'], email: 'cs2@chain.example', active: true },
];
let n = 0;
const alerts = (storeId: string, level: number, identifiedAt: string, statuses: Record<string, number>) =>
  Object.entries(statuses).flatMap(([status, count]) =>
    Array.from({ length: count }, () => ({
      customerId: `C${++n}`,
      alertId: 'daily-1',
      storeId,
      level,
      identifiedAt,
      status,
      indicators: [],
      levelHistory: [],
    })),
  );

/** An audit entry of a missed deadline, as a case step records it: whose it was, in which role. */
const breach = (
  caseKey: string,
  entryKey: string,
  at: string,
  deadline: string,
  responsible: string,
  role: string,
) => ({
  caseKey,
  entryKey,
  at,
  details: { breach: true, deadline, responsible, role },
});

beforeAll(async () => {
  local = await localTables();
  env = localDynamoDbEnvironment();
  await batchPut(local.doc, local.names.staff, staff);
  await batchPut(local.doc, local.names.alerts, [
    // November, store S1, worked out by hand: level 1, 7 of 10 recovered (meets 70%); level 2, 2 of 6 (misses 50%), one still open.
    ...alerts('S1', 1, '2026-11-03T02:00:00+08:00', { recovered: 7, lost: 2, refused: 1 }),
    ...alerts('S1', 2, '2026-11-30T23:30:00+08:00', { recovered: 2, lost: 3, in_progress: 1 }),
    // October (and 1 November 00:30 in Shanghai is still November: the month is local).
    ...alerts('S1', 1, '2026-10-31T23:59:00+08:00', { lost: 5 }),
    ...alerts('S1', 3, '2026-11-01T00:30:00+08:00', { recovered: 1 }),
  ]);
});

describe('winback report evaluation', () => {
  it('rates the month per store and level from the recorded alerts, with a row for a store without cases, the same every run', async () => {
    const args = ['report', 'evaluation', '--period', '2026-11', '--table-prefix', local.prefix];
    const run = await runCli(args, undefined, env);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      '1级：挽回 7/10（70.0%；目标 70.0%，达标） / Level 1: 7 of 10 recovered (70.0%; target 70.0%, met) · 2级：挽回 2/6（33.3%；目标 50.0%，未达标） / Level 2: 2 of 6 recovered (33.3%; target 50.0%, missed)',
    );
    expect(run.stdout.startsWith('\uFEFFstore,level,alerted,recovered,open,successRate,low95,high95,target,mark')).toBe(
      true,
    );
    const rows = run.stdout
      .replace('\uFEFF', '')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').slice(0, 10));
    expect(rows).toEqual([
      ['S1', '1', '10', '7', '0', '0.7000', '0.3968', '0.8922', '0.7', 'meets'],
      ['S1', '2', '6', '2', '1', '0.3333', '0.0968', '0.7000', '0.5', 'misses'],
      ['S1', '3', '1', '1', '0', '1.0000', '0.2065', '1.0000', '0.3', 'meets'],
      ['S2', '1', '0', '0', '0', '', '', '', '0.7', 'no cases'],
      ['S2', '2', '0', '0', '0', '', '', '', '0.5', 'no cases'],
      ['S2', '3', '0', '0', '0', '', '', '', '0.3', 'no cases'],
    ]);
    expect((await runCli(args, undefined, env)).stdout).toBe(run.stdout);
  });

  it('draws the evaluation as a page with its charts inline, checked in a real browser', async () => {
    const dir = await scratchDir();
    const page = join(dir, 'evaluation.html');
    const run = await runCli(
      ['report', 'evaluation', '--period', '2026-11', '--format', 'html', '-o', page, '--table-prefix', local.prefix],
      undefined,
      env,
    );
    expect(run.code).toBe(0);
    const html = await readFile(page, 'utf8');
    // Nothing loaded from the internet: no scripts, no remote sources or links.
    expect(html).not.toMatch(/<script|(src|href)=["']https?:/);
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage({ viewport: { width: 900, height: 1000 } });
      await tab.goto(`file://${page}`);
      expect(await tab.locator('svg[role="img"]').count()).toBe(2);
      expect(await tab.locator('td.misses').allTextContents()).toEqual(['未达标 misses']);
      expect(await tab.locator('h2').allTextContents()).toEqual(['门店 Store S1', '门店 Store S2']);
      await mkdir(ARTIFACTS_DIR, { recursive: true });
      await tab.screenshot({ path: `${ARTIFACTS_DIR}monthly-evaluation.png`, fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it("lists the month's screening per store, most serious first, masked, with the owner and where each case stands", async () => {
    const finding = (id: string, core: boolean) => ({ id, core, evidence: `${id} evidence` });
    await batchPut(local.doc, local.names.snapshots, [
      // The December screening (1 December 03:00 in Shanghai is 30 November 19:00 UTC) ...
      {
        snapshotId: 'risk-list#monthly-2026-11-30T19:00:00Z',
        entryKey: 'S1#C9001',
        takenAt: '2026-11-30T19:00:00.000Z',
        customerId: 'C9001',
        storeId: 'S1',
        level: 1,
        alertId: 'a1',
        indicators: [finding('visit_gap', false)],
      },
      {
        snapshotId: 'risk-list#monthly-2026-11-30T19:00:00Z',
        entryKey: 'S1#C9002',
        takenAt: '2026-11-30T19:00:00.000Z',
        customerId: 'C9002',
        storeId: 'S1',
        level: 3,
        alertId: 'a2',
        indicators: [finding('serious_complaint', true), finding('visit_gap', false)],
      },
      // Two still waiting for the call-back agent: with what is at stake, and their places in the line.
      {
        snapshotId: 'risk-list#monthly-2026-11-30T19:00:00Z',
        entryKey: 'S1#C9004',
        takenAt: '2026-11-30T19:00:00.000Z',
        customerId: 'C9004',
        storeId: 'S1',
        level: 1,
        alertId: 'a4',
        indicators: [finding('visit_gap', false)],
        priority: 120.5,
      },
      {
        snapshotId: 'risk-list#monthly-2026-11-30T19:00:00Z',
        entryKey: 'S1#C9005',
        takenAt: '2026-11-30T19:00:00.000Z',
        customerId: 'C9005',
        storeId: 'S1',
        level: 1,
        alertId: 'a5',
        indicators: [finding('visit_gap', false)],
        priority: 300,
      },
      // ... and November's, which a December list must not mix in.
      {
        snapshotId: 'risk-list#monthly-2026-10-31T19:00:00Z',
        entryKey: 'S1#C9003',
        takenAt: '2026-10-31T19:00:00.000Z',
        customerId: 'C9003',
        storeId: 'S1',
        level: 2,
        alertId: 'a3',
        indicators: [],
      },
    ]);
    await batchPut(local.doc, local.names.alerts, [
      {
        customerId: 'C9001',
        alertId: 'a1',
        storeId: 'S1',
        level: 1,
        identifiedAt: '2026-12-01T03:00:00+08:00',
        status: 'in_progress',
        ownerDepartment: '客服部 customer service',
        deadlines: { firstContactBy: '2026-12-04T23:59:59+08:00' },
      },
      {
        customerId: 'C9002',
        alertId: 'a2',
        storeId: 'S1',
        level: 3,
        identifiedAt: '2026-12-01T03:00:00+08:00',
        status: 'open',
        ownerDepartment: '运营部负责人 head of operations',
        deadlines: { firstContactBy: '2026-12-03T23:59:59+08:00' },
      },
      {
        customerId: 'C9004',
        alertId: 'a4',
        storeId: 'S1',
        level: 1,
        identifiedAt: '2026-12-01T03:00:00+08:00',
        status: 'queued',
        priority: 120.5,
        ownerDepartment: '客服部 customer service',
        deadlines: { firstContactBy: '2026-12-04T23:59:59+08:00' },
      },
      {
        customerId: 'C9005',
        alertId: 'a5',
        storeId: 'S1',
        level: 1,
        identifiedAt: '2026-12-01T03:00:00+08:00',
        status: 'queued',
        priority: 300,
        ownerDepartment: '客服部 customer service',
        deadlines: { firstContactBy: '2026-12-04T23:59:59+08:00' },
      },
    ]);
    const run = await runCli(
      ['report', 'risk-list', '--period', '2026-12', '--table-prefix', local.prefix],
      undefined,
      env,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      '4 位顾客有流失风险：3级 1，2级 0，1级 3 / 4 customer(s) at risk: level 3 1, level 2 0, level 1 3 · 来自月度筛查 monthly-2026-11-30T19:00:00Z / From the monthly screening monthly-2026-11-30T19:00:00Z · 2 位在工作队列中等待有空余名额的负责人 / 2 waiting in the work queue',
    );
    const lines = run.stdout.replace('\uFEFF', '').trim().split('\n');
    // Most serious first, then most at stake; a queued alert has its place in the owner's line.
    expect(lines).toEqual([
      'store,customer,level,indicators,owner,caseStatus,firstContactBy,priority,queuePosition',
      'S1,C***2,3,[核心 core] 严重投诉 serious complaint：serious_complaint evidence | 到店间隔过长 too long since the last visit：visit_gap evidence,运营部负责人 head of operations,open,2026-12-03T23:59:59+08:00,,',
      'S1,C***5,1,到店间隔过长 too long since the last visit：visit_gap evidence,客服部 customer service,queued,2026-12-04T23:59:59+08:00,300,1',
      'S1,C***4,1,到店间隔过长 too long since the last visit：visit_gap evidence,客服部 customer service,queued,2026-12-04T23:59:59+08:00,120.5,2',
      'S1,C***1,1,到店间隔过长 too long since the last visit：visit_gap evidence,客服部 customer service,in_progress,2026-12-04T23:59:59+08:00,,',
    ]);
    expect(run.stderr).toContain('customers are shown by mask alone: no link secret');
    // With the key the emails use, the list tells customers apart as the emails do, never in clear.
    const keyed = await runCli(
      ['report', 'risk-list', '--period', '2026-12', '--table-prefix', local.prefix],
      undefined,
      { ...env, LINK_SECRET: 'report-test-key' },
    );
    expect(keyed.code).toBe(0);
    expect(keyed.stderr).not.toContain('by mask alone');
    const customers = keyed.stdout
      .replace('\uFEFF', '')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[1]);
    expect(customers).toEqual(
      ['C9002', 'C9005', 'C9004', 'C9001'].map((id) => customerReference(id, 'report-test-key')),
    );
    expect(new Set(customers).size).toBe(4);
    expect(keyed.stdout).not.toMatch(/C900\d/);
    const none = await runCli(
      ['report', 'risk-list', '--period', '2026-08', '--format', 'html', '--table-prefix', local.prefix],
      undefined,
      env,
    );
    expect(none.stdout).toContain('No screening was kept for this month.');
  });

  it('gives the KPIs: core-customer churn and warning accuracy per store, and breaches per responsible person', async () => {
    const prefix = local.prefix;
    const answered = (answer: 'yes' | 'no') => (alert: Record<string, unknown>) => ({
      ...alert,
      indicatorsConfirmed: answer,
    });
    await batchPut(local.doc, local.names.alerts, [
      // January, store S2, by hand: 10 owners answered whether the indicators are real, 9 yes and 1 no
      // (closed as a false alarm) -> 9/10 = 90% meets; 1 self-recovered at verify and 1 not verified
      // yet were never asked. Three alerts waited in the queue, never worked: 2 came back on their own.
      ...alerts('S2', 1, '2027-01-05T02:00:00+08:00', { in_progress: 4, recovered: 3, lost: 2 }).map(answered('yes')),
      ...alerts('S2', 1, '2027-01-05T02:00:00+08:00', { false_alarm: 1 }).map(answered('no')),
      ...alerts('S2', 1, '2027-01-05T02:00:00+08:00', { self_recovered: 1, open: 1, dequeued: 2, queued: 1 }),
    ]);
    await batchPut(local.doc, local.names.audit, [
      breach('C1#daily-1', '02-breach-0', '2027-01-07T00:00:00+08:00', 'response_plan', 'cs-2', 'customer_service'),
      breach('C2#daily-1', '02-breach-0', '2027-01-08T00:00:00+08:00', 'response_plan', 'cs-2', 'customer_service'),
      breach('C3#daily-1', '04-breach-0', '2027-01-09T00:00:00+08:00', 'contact', 'cs-2', 'customer_service'),
      breach('C4#daily-1', '06-breach-0', '2027-01-09T00:00:00+08:00', 'approval', 'dgm', 'deputy_gm'),
      breach('C5#daily-1', '02-breach-0', '2026-12-31T23:00:00+08:00', 'response_plan', 'dgm', 'deputy_gm'),
    ]);
    const run = await runCli(['report', 'kpis', '--period', '2027-01', '--table-prefix', prefix], undefined, env);
    expect(run.code).toBe(0);
    expect(run.stdout.replace('\uFEFF', '').trim().split('\n')).toEqual([
      'kpi,subject,value,detail,target,mark',
      // No core customer in these tables: churn has no base to be a rate of.
      'core_customer_churn,S1,,0/0,0.05,no cases',
      'core_customer_churn,S2,,0/0,0.05,no cases',
      'warning_accuracy,S1,,0/0,0.9,no cases',
      'warning_accuracy,S2,0.9000,9/10 (95%: 0.5958-0.9821),0.9,meets',
      'holdout_not_back,S1,,0/0,,',
      'holdout_not_back,S2,,0/0,,',
      'queued_came_back_on_their_own,S1,,0/0,,',
      'queued_came_back_on_their_own,S2,0.6667,2/3,,',
      'breaches,cs-2 (customer_service),3,response_plan: 2; contact: 1,,',
      'breaches,dgm (deputy_gm),1,approval: 1,,',
    ]);
  });

  it('groups the reasons cases were refused or lost, per month over three months, most frequent first', async () => {
    const closed = (customerId: string, status: string, closedAt: string, outcomeReason: string) => ({
      customerId,
      alertId: 'x',
      storeId: 'S1',
      level: 1,
      identifiedAt: '2026-06-01T02:00:00+08:00',
      status,
      closedAt,
      outcomeReason,
    });
    await batchPut(local.doc, local.names.alerts, [
      closed('R1', 'lost', '2026-07-03T10:00:00+08:00', 'moved'),
      closed('R2', 'lost', '2026-08-03T10:00:00+08:00', 'moved'),
      closed('R3', 'lost', '2026-08-20T10:00:00+08:00', 'price'),
      closed('R4', 'refused', '2026-08-21T10:00:00+08:00', 'Too  Expensive '),
      closed('R5', 'refused', '2026-06-30T10:00:00+08:00', 'too expensive'),
      closed('R6', 'recovered', '2026-08-21T10:00:00+08:00', 'came back'),
      closed('R7', 'refused', '2026-09-01T00:10:00+08:00', 'too expensive'),
    ]);
    const run = await runCli(
      ['report', 'churn-reasons', '--period', '2026-08', '--table-prefix', local.prefix],
      undefined,
      env,
    );
    expect(run.code).toBe(0);
    // September (Shanghai time) falls outside the window; a refusal's cause is compared without case or extra spaces.
    expect(run.stdout.replace('\uFEFF', '').trim().split('\n')).toEqual([
      'outcome,reason,2026-06,2026-07,2026-08,total',
      'lost,moved,0,1,1,2',
      'refused,too expensive,1,0,1,2',
      'lost,price,0,0,1,1',
    ]);
  });

  it("sums up a store's week: new alerts by level, cases open now, first contacts due next week, breaches", async () => {
    const inWeek = (customerId: string, level: number, status: string, firstContactBy: string) => ({
      customerId,
      alertId: 'w',
      storeId: 'S3',
      level,
      identifiedAt: '2026-11-24T02:00:00+08:00',
      status,
      deadlines: { firstContactBy },
      indicators: [],
      levelHistory: [],
    });
    await batchPut(local.doc, local.names.alerts, [
      inWeek('W1', 1, 'open', '2026-11-27T23:59:59+08:00'),
      inWeek('W2', 1, 'recovered', '2026-11-27T23:59:59+08:00'),
      inWeek('W3', 3, 'in_progress', '2026-12-02T23:59:59+08:00'),
      // Waiting for an owner with room: an alert of the week, not an open case.
      { ...inWeek('W5', 1, 'queued', '2026-11-27T23:59:59+08:00'), priority: 80 },
      // Raised the Sunday before (Shanghai time): last week's.
      { ...inWeek('W4', 2, 'open', '2026-12-01T23:59:59+08:00'), identifiedAt: '2026-11-22T23:30:00+08:00' },
    ]);
    await batchPut(local.doc, local.names.audit, [
      breach('W1#w', '02-breach-0', '2026-11-25T10:00:00+08:00', 'response_plan', 'cs-3', 'customer_service'),
      breach('W4#w', '02-breach-0', '2026-11-30T00:05:00+08:00', 'response_plan', 'cs-3', 'customer_service'),
    ]);
    const run = await runCli(
      ['report', 'weekly', '--period', '2026-11-23', '--table-prefix', local.prefix],
      undefined,
      env,
    );
    expect(run.code).toBe(0);
    const lines = run.stdout.replace('\uFEFF', '').trim().split('\n');
    expect(lines[0]).toBe('store,newLevel1,newLevel2,newLevel3,openCases,firstContactDueNextWeek,breaches,queued');
    // By hand: new this week W1, W2, W5 (level 1) and W3 (level 3); open W1, W3, W4; due 30 Nov - 6 Dec: W3 and W4; breaches this week: W1's; queued W5.
    expect(lines.find((line) => line.startsWith('S3,'))).toBe('S3,3,0,1,3,2,1,1');
    const page = await runCli(
      ['report', 'weekly', '--period', '2026-11-23', '--format', 'html', '--table-prefix', local.prefix],
      undefined,
      env,
    );
    expect(page.stdout).toContain('当前排队预警 Waiting for an owner now · S3 (1)');
    // First in its owner's line (a short id is masked whole; nobody is staffed for S3 here, and the page says so).
    expect(page.stdout).toContain(
      '<td>1</td><td class="text">**</td><td>1</td><td>¥80.00</td><td class="text">无人负责 nobody: 客服部 customer service</td>',
    );
    const bad = await runCli(
      ['report', 'weekly', '--period', '2026-11-24', '--table-prefix', local.prefix],
      undefined,
      env,
    );
    expect(bad.stderr).toContain(
      '--period: expected the Monday a week starts on, such as 2026-11-23, got "2026-11-24"',
    );
  });

  it('names a bad period', async () => {
    const run = await runCli(
      ['report', 'evaluation', '--period', '2026-13', '--table-prefix', local.prefix],
      undefined,
      env,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--period: expected a month such as 2026-11, got "2026-13"');
  });
});
