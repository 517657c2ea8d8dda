import { mkdir } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { CustomerProfileWriter } from '#shared/adapters/dynamodb/customer-profile-writer.ts';
import { DynamoDbReportSource } from '#shared/adapters/dynamodb/dynamodb-report-source.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { buildReport } from '#shared/reports/build-report.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { ARTIFACTS_DIR, launchChromium } from '../helpers/browser.ts';
import { event } from '../helpers/customer-builder.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';

/**
 * A fixture chain with answers worked out by hand, written to DynamoDB Local through the same
 * writers ingestion uses, and read back by the reports. Stores S1 and S2 have cases; S3 is
 * staffed and has none.
 */
const policy = presetPolicy('script-kill');
const clock = new ZonedClock(policy.timeZone);
let local: LocalTables;
let context: Parameters<typeof buildReport>[2];

const caseOf = (
  customerId: string,
  storeId: string,
  level: number,
  identifiedAt: string,
  status: string,
  closedAt?: string,
  extra: Record<string, unknown> = {},
) => ({
  customerId,
  alertId: 'a1',
  storeId,
  level,
  identifiedAt,
  status,
  ...(closedAt ? { closedAt } : {}),
  indicators: [],
  levelHistory: [],
  ...extra,
});
const benefit = (customerId: string, storeId: string, costYuan: number, issuedAt: string) => ({
  code: `WB-${customerId}-${costYuan}`,
  caseKey: `${customerId}#a1`,
  customerId,
  alertId: 'a1',
  storeId,
  benefitId: `b${costYuan}`,
  benefitName: 'coupon',
  costYuan,
  approvedBy: [],
  issuedAt,
});

const rows = (csv: string) =>
  csv
    .replace('\uFEFF', '')
    .trim()
    .split('\n')
    .map((line) => line.split(','));

beforeAll(async () => {
  local = await localTables();
  const events = new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 });
  const profiles = new CustomerProfileWriter(local.doc, local.names);
  await batchPut(local.doc, local.names.staff, [
    { id: 'gm', name: '周总', role: 'gm', stores: ['*'], email: 'gm@chain.example', active: true },
    ...['S1', 'S2', 'S3'].map((storeId) => ({
      id: `sm-${storeId}`,
      name: '赵',
      role: 'store_manager',
      stores: [storeId],
      email: `sm-${storeId}@chain.example`,
      active: true,
    })),
  ]);

  // The August 2026 cohort of store S1, level 1 (the November evaluation's results: 90 days after closing have passed).
  await events.write('A1', 'S1', [
    event.survey('2026-06-01T12:00:00+08:00', 60), // before the alert (within 180 days)
    event.visit('2026-07-20T19:00:00+08:00', 100), // the return: revenue, not a repurchase
    event.visit('2026-09-10T19:00:00+08:00', 150), // after closing, within 90 days: a repurchase
    event.survey('2026-09-15T12:00:00+08:00', 80), // after
    event.visit('2026-12-01T19:00:00+08:00', 80), // past 3 November (closing + 90 days): outside
  ]);
  await events.write('A2', 'S1', [event.visit('2026-08-20T09:00:00+08:00', 120)]); // the return, an hour before the case closed
  await events.write('A3', 'S1', [
    event.survey('2026-05-01T12:00:00+08:00', 70),
    event.survey('2026-08-30T12:00:00+08:00', 40),
  ]);
  await events.write('A4', 'S1', [event.visit('2026-08-02T19:00:00+08:00', 999)]); // held out: not in the results
  await batchPut(local.doc, local.names.alerts, [
    caseOf('A1', 'S1', 1, '2026-07-10T10:00:00+08:00', 'recovered', '2026-08-05T10:00:00+08:00'),
    caseOf('A2', 'S1', 1, '2026-07-15T10:00:00+08:00', 'recovered', '2026-08-20T10:00:00+08:00'),
    caseOf('A3', 'S1', 1, '2026-07-01T10:00:00+08:00', 'lost', '2026-08-25T10:00:00+08:00', {
      outcomeReason: 'moved away',
    }),
    caseOf('A4', 'S1', 1, '2026-07-01T10:00:00+08:00', 'recovered', '2026-08-03T10:00:00+08:00', { holdout: true }),
    // Closed on 1 September 00:30 in Shanghai (still 31 August in UTC): September's cohort.
    caseOf('A5', 'S1', 1, '2026-07-01T10:00:00+08:00', 'recovered', '2026-09-01T00:30:00+08:00'),
  ]);
  await batchPut(local.doc, local.names.ledger, [
    benefit('A1', 'S1', 30, '2026-07-12T10:00:00+08:00'),
    benefit('A2', 'S1', 50, '2026-07-16T10:00:00+08:00'),
    benefit('A3', 'S1', 20, '2026-07-03T10:00:00+08:00'),
    benefit('A5', 'S1', 500, '2026-07-03T10:00:00+08:00'),
  ]);

  // Core customers. S1: K1, K2, K4, K5 visited in the year before November (active); K3 last came in June 2025.
  const core = async (customerId: string, storeId: string, lastVisit: string) => {
    await profiles.upsert({ customerId, storeId, segment: 'member', core: true });
    await events.write(customerId, storeId, [event.visit(lastVisit, 100)]);
  };
  await core('K1', 'S1', '2026-03-01T19:00:00+08:00');
  await core('K2', 'S1', '2026-10-01T19:00:00+08:00');
  await core('K3', 'S1', '2025-06-01T19:00:00+08:00');
  await core('K4', 'S1', '2026-05-01T19:00:00+08:00');
  await core('K5', 'S1', '2026-09-01T19:00:00+08:00');
  for (let i = 1; i <= 20; i += 1) await core(`Q${i}`, 'S2', '2026-08-01T19:00:00+08:00');
  await events.write('N1', 'S1', [event.visit('2026-10-01T19:00:00+08:00', 100)]); // not core
  await batchPut(local.doc, local.names.alerts, [
    // November, by hand. S1: K1 lost and K2 refused (churned: 2 of 4 active core = 50%, misses 5%);
    // K3 lost too but was not active; K4 won back; N1 is not core.
    caseOf('K1', 'S1', 2, '2026-10-20T03:00:00+08:00', 'lost', '2026-11-10T10:00:00+08:00', {
      outcomeReason: 'moved away',
    }),
    caseOf('K2', 'S1', 3, '2026-10-20T03:00:00+08:00', 'refused', '2026-11-20T10:00:00+08:00', {
      outcomeReason: 'Too expensive',
    }),
    caseOf('K3', 'S1', 3, '2026-10-20T03:00:00+08:00', 'lost', '2026-11-21T10:00:00+08:00', {
      outcomeReason: 'moved away',
    }),
    caseOf('K4', 'S1', 2, '2026-11-02T03:00:00+08:00', 'recovered', '2026-11-25T10:00:00+08:00'),
    caseOf('N1', 'S1', 1, '2026-11-02T03:00:00+08:00', 'lost', '2026-11-26T10:00:00+08:00', {
      outcomeReason: 'moved away',
    }),
    // S2: one of 20 active core lost (5%: meets, the target is "at most").
    caseOf('Q1', 'S2', 1, '2026-11-02T03:00:00+08:00', 'lost', '2026-11-12T10:00:00+08:00', {
      outcomeReason: 'schedule',
    }),
    caseOf('Q2', 'S2', 1, '2026-11-02T03:00:00+08:00', 'recovered', '2026-11-12T10:00:00+08:00'),
    caseOf('Q3', 'S2', 1, '2026-12-02T03:00:00+08:00', 'in_progress'),
  ]);
  await batchPut(local.doc, local.names.ledger, [
    benefit('K4', 'S1', 80, '2026-11-05T10:00:00+08:00'),
    benefit('Q2', 'S2', 30, '2026-11-04T10:00:00+08:00'),
  ]);
  await batchPut(local.doc, local.names.audit, [
    {
      caseKey: 'K4#a1',
      entryKey: '02-breach-0',
      at: '2026-11-04T00:00:00+08:00',
      details: { breach: true, deadline: 'response_plan', responsible: 'ops-1', role: 'operations' },
    },
  ]);
  context = { source: new DynamoDbReportSource(local.doc, local.names, clock), policy, clock };
});

describe('the results of the monthly evaluation (Art. 18)', () => {
  it('reports repurchase, satisfaction change and benefit cost against recovered revenue for the cases whose three months have passed', async () => {
    const report = await buildReport('evaluation', '2026-11', context);
    const [header, ...lines] = rows(report.csv);
    const at = (name: string) => header!.indexOf(name);
    const s1 = lines.find((line) => line[0] === 'S1' && line[1] === '1')!;
    const pick = (line: string[], names: string[]) => names.map((name) => line[at(name)]);
    // By hand: A1, A2, A3 closed in August (A4 held out, A5 closed in September local time).
    // Repurchase: A1 came again on 10 September; A2's visit was before closing: 1 of 2.
    // Satisfaction: A1 60 -> 80, A3 70 -> 40: before 65, after 60, change -5 over 2 customers.
    // Cost 30 + 50 + 20 = 100; revenue of the recovered from the alert to 90 days after closing: A1 100 + 150, A2 120 = 370.
    expect(
      pick(s1, [
        'resultsCohort',
        'closedInCohort',
        'recoveredInCohort',
        'repurchased',
        'repurchaseRate',
        'satisfactionPairs',
        'satisfactionBefore',
        'satisfactionAfter',
        'satisfactionChange',
        'benefitCost',
        'recoveredRevenue',
        'returnOnCost',
      ]),
    ).toEqual(['2026-08', '3', '2', '1', '0.5000', '2', '65.00', '60.00', '-5.00', '100.00', '370.00', '3.7000']);
    // A store without cases in the cohort still has its rows, empty.
    const s3 = lines.find((line) => line[0] === 'S3' && line[1] === '1')!;
    expect(pick(s3, ['closedInCohort', 'repurchaseRate', 'satisfactionPairs', 'benefitCost', 'returnOnCost'])).toEqual([
      '0',
      '',
      '0',
      '0.00',
      '',
    ]);
    expect(report.headline.at(-1)).toBe(
      '2026-08 结案的个案：挽回的 2 位顾客中 1 位在3个月内再次到店；福利成本 ¥100.00，挽回顾客消费 ¥370.00（每元福利 3.70） / Cases closed in 2026-08: 1 of 2 recovered customers came back again within 3 months; benefits cost ¥100.00 against ¥370.00 spent by the recovered (3.70 per yuan)',
    );
    // A closed period reads the same every time.
    expect((await buildReport('evaluation', '2026-11', context)).csv).toBe(report.csv);
  });

  it('takes the cohort far enough back that every window has ended: April looks at December', async () => {
    const report = await buildReport('evaluation', '2026-04', context);
    expect(rows(report.csv)[1]![rows(report.csv)[0]!.indexOf('resultsCohort')]).toBe('2025-12');
    expect(report.html).toContain('Results of the cases closed in 2025-12');
  });
});

describe('the KPIs (Art. 24)', () => {
  it('rates core-customer churn per store: active core customers whose case ended lost or refused in the month', async () => {
    const report = await buildReport('kpis', '2026-11', context);
    expect(rows(report.csv).filter((line) => line[0] === 'core_customer_churn')).toEqual([
      ['core_customer_churn', 'S1', '0.5000', '2/4', '0.05', 'misses'],
      ['core_customer_churn', 'S2', '0.0500', '1/20', '0.05', 'meets'],
      ['core_customer_churn', 'S3', '', '0/0', '0.05', 'no cases'],
    ]);
    expect(report.headline[1]).toBe(
      '核心顾客流失率：S1 50.0%，S2 5.0%，S3 –（上限 5.0%） / Core-customer churn: S1 50.0%, S2 5.0%, S3 – (at most 5.0%)',
    );
  });
});

describe('the quarterly report (Art. 20)', () => {
  it('adds up the quarter and finds its problems, each with a proposal', async () => {
    const report = await buildReport('quarterly', '2026-Q4', context);
    const lines = rows(report.csv);
    // Alerts identified October to December: S1 K1, K2, K3 (October), K4, N1; S2 Q1, Q2, Q3.
    expect(
      lines
        .filter((line) => line[0] === 'execution' && line[2] === 'alerts L1/L2/L3')
        .map((line) => [line[1], line[3]]),
    ).toEqual([
      ['S1', '1/2/2'],
      ['S2', '3/0/0'],
      ['S3', '0/0/0'],
    ]);
    // Benefits issued in the quarter: K4 80 (S1), Q2 30 (S2).
    expect(lines.filter((line) => line[2] === 'benefits issued').map((line) => [line[1], line[3], line[4]])).toEqual([
      ['S1', '1', '80.00'],
      ['S2', '1', '30.00'],
      ['S3', '0', '0.00'],
    ]);
    const problems = lines.filter((line) => line[0] === 'problem').map((line) => line[2]);
    // S1 level 1: 0 of 1 (N1 lost); level 2: 1 of 2 (K4) meets 50%; level 3: 0 of 2 misses 30%. S2 level 1: 1 of 3 misses 70%.
    // Accuracy: every verified case was confirmed. Core churn: S1's active core before October are K1, K4, K5 (K2 came on
    // 1 October, inside the quarter), K1 lost: 1 of 3. One breach. Reasons: "moved away" 3 of 5; the others once each, not common.
    expect(problems).toEqual([
      'S1 level 1',
      'S1 level 3',
      'S2 level 1',
      'S1',
      'ops-1 (operations)',
      'lost: moved away',
    ]);
    expect(lines.find((line) => line[2] === 'core-customer churn' && line[1] === 'S1')?.slice(3, 5)).toEqual([
      '0.3333',
      '1/3',
    ]);
    expect(report.headline).toEqual([
      '预警：8；挽回：2；发放福利：¥110.00 / Alerts: 8; recovered: 2; benefits issued: ¥110.00',
      '未达标：有个案的 4 个门店等级中 3 个 / Targets missed: 3 of 4 store levels with cases',
      '发现问题：6 项 / Problems found: 6',
    ]);
    expect(report.html).toContain('五、优化建议 Proposals');
  });

  it('gives a store manager their own store only', async () => {
    const report = await buildReport('quarterly', '2026-Q4', { ...context, stores: ['S2'] });
    expect([
      ...new Set(
        rows(report.csv)
          .slice(1)
          .map((line) => line[1])
          .filter(Boolean),
      ),
    ]).toEqual(['S2']);
    expect(report.html).not.toContain('S1');
  });

  it('reads an empty quarter as empty, not as an error', async () => {
    const report = await buildReport('quarterly', '2025-Q1', context);
    expect(report.headline).toEqual([
      '预警：0；挽回：0；发放福利：¥0.00 / Alerts: 0; recovered: 0; benefits issued: ¥0.00',
      '未达标：有个案的 0 个门店等级中 0 个 / Targets missed: 0 of 0 store levels with cases',
      '发现问题：0 项 / Problems found: 0',
    ]);
    expect(report.html).toContain('Every target and KPI was met');
  });
});

describe('every report as a page, in a real browser', () => {
  it('renders each report self-contained, with its title and tables, loading nothing from elsewhere', async () => {
    const periods = {
      weekly: '2026-11-23',
      'risk-list': '2026-12',
      evaluation: '2026-11',
      kpis: '2026-11',
      'churn-reasons': '2026-11',
      quarterly: '2026-Q4',
    } as const;
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage({ viewport: { width: 1000, height: 1000 } });
      const requests: string[] = [];
      tab.on('request', (request) => void (request.url().startsWith('data:') || requests.push(request.url())));
      for (const [kind, period] of Object.entries(periods) as Array<[keyof typeof periods, string]>) {
        const report = await buildReport(kind, period, context);
        await tab.setContent(report.html);
        expect(await tab.locator('h1').textContent()).toBe(report.title);
        expect(await tab.locator('table, p').count()).toBeGreaterThan(0);
        if (kind === 'quarterly') {
          expect(await tab.locator('h2').allTextContents()).toEqual([
            '一、预警数据统计 Alert statistics and 二、措施执行 Execution of measures',
            '三、效果评估 Results',
            '四、存在问题 Problems',
            '五、优化建议 Proposals',
          ]);
          expect(await tab.locator('ol').first().locator('li').count()).toBe(6);
          await mkdir(ARTIFACTS_DIR, { recursive: true });
          await tab.screenshot({ path: `${ARTIFACTS_DIR}quarterly-report.png`, fullPage: true });
        }
      }
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
