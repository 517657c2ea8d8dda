import { describe, expect, it } from 'vitest';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { buildReport, type ReportAlert } from '#shared/reports/build-report.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { agent, inMemoryReportSource } from './in-memory-report-source.ts';
import { CHINESE_FIRST, cells, columnTitles } from './page-tables.ts';

/**
 * The store manager's risk list and the weekly summary as their readers see them: Chinese first
 * with the English beside it, indicators by the policy's names (never their ids), the case's
 * status and deadline in words, and the people in the work queue by name.
 */
const policy = presetPolicy('script-kill');
const clock = new ZonedClock(policy.timeZone);
const RUN = 'monthly-2026-12-01T03:00:00+08:00';
const SERIOUS = 'serious complaint 2026-11-20 (service) in the last 30 days';
const AWAY = 'last visit 2026-08-20, 100 days ago, limit 60';

const alerts = [
  {
    customerId: 'C0000001',
    alertId: 'monthly-1',
    storeId: 'S1',
    level: 3,
    status: 'in_progress',
    identifiedAt: '2026-12-01T03:00:00+08:00',
    ownerDepartment: '运营部负责人 head of operations',
    deadlines: { firstContactBy: '2026-12-04T00:00:00+08:00' },
  },
  {
    customerId: 'C0000002',
    alertId: 'monthly-1',
    storeId: 'S1',
    level: 1,
    status: 'queued',
    priority: 300,
    identifiedAt: '2026-12-01T03:00:00+08:00',
    levelHistory: [{ level: 1 }],
    ownerDepartment: '客服部 customer service',
    deadlines: { firstContactBy: '2026-12-04T23:59:59+08:00' },
  },
];

const source = inMemoryReportSource(
  {
    alerts: alerts as ReportAlert[],
    people: [
      agent,
      { id: 'sm-1', name: '赵敏', role: 'store_manager', stores: ['S1'], email: 'sm-1@chain.example', active: true },
    ],
  },
  {
    riskList: async () => ({
      runId: RUN,
      entries: [
        {
          customerId: 'C0000001',
          storeId: 'S1',
          level: 3,
          alertId: 'monthly-1',
          indicators: [
            { id: 'serious_complaint', core: true, evidence: SERIOUS },
            { id: 'visit_gap', core: false, evidence: AWAY },
          ],
        },
        {
          customerId: 'C0000002',
          storeId: 'S1',
          level: 1,
          alertId: 'monthly-1',
          priority: 300,
          indicators: [{ id: 'visit_gap', core: false, evidence: AWAY }],
        },
      ],
      alerts: new Map(alerts.map((alert) => [`${alert.customerId}#${alert.alertId}`, alert])),
    }),
  },
);
// A keyed reference beside the mask, as the scheduled run gives it (shared/privacy/customer-reference.ts).
const customerLabel = (customerId: string) => `${maskedCustomer(customerId)}·REF${customerId.slice(-1)}`;
const context = { source, policy, clock, customerLabel };

describe('the risk list a store manager reads', () => {
  it('titles its columns Chinese first, names each indicator as the policy does with its evidence in both languages, and gives the case and its deadline in words', async () => {
    const report = await buildReport('risk-list', '2026-12', context);
    expect(columnTitles(report.html)).toEqual([
      [
        '顾客 Customer',
        '等级 Level',
        '预警指标 Indicators',
        '负责部门 Owner',
        '个案状态 Case',
        '首次联系截止 First contact by',
        '风险价值 At stake',
        '排队位置 Place in queue',
      ],
    ]);
    const [serious, queued] = cells(report.html);
    expect(serious?.slice(0, 2)).toEqual(['C0****01·REF1', '3']);
    expect(serious?.[2]?.split('<br>')).toEqual([
      '[核心 core] 严重投诉 serious complaint：近 30 天严重投诉：2026-11-20（服务） / serious complaint 2026-11-20 (service) in the last 30 days',
      '到店间隔过长 too long since the last visit：最近到店 2026-08-20，距今 100 天（上限 60 天） / last visit 2026-08-20, 100 days ago, limit 60',
    ]);
    expect(serious?.slice(3, 6)).toEqual([
      '运营部负责人 head of operations',
      '跟进中 in progress',
      '2026年12月3日（周四）24:00前',
    ]);
    expect(queued?.slice(4, 8)).toEqual(['排队中 queued', '2026年12月4日（周五）23:59前', '¥300.00', '1']);
    expect(report.html).not.toMatch(/serious_complaint|visit_gap|in_progress/);
    // The CSV opened in Excel reads the same indicators, by name.
    expect(report.csv).toContain('[核心 core] 严重投诉 serious complaint：近 30 天严重投诉');
    expect(report.csv).not.toMatch(/serious_complaint|visit_gap/);
  });

  it('opens with headline lines in both languages', async () => {
    expect((await buildReport('risk-list', '2026-12', context)).headline).toEqual([
      '2 位顾客有流失风险：3级 1，2级 0，1级 1 / 2 customer(s) at risk: level 3 1, level 2 0, level 1 1',
      `来自月度筛查 ${RUN} / From the monthly screening ${RUN}`,
      '1 位在工作队列中等待有空余名额的负责人 / 1 waiting in the work queue for an owner with room',
    ]);
    expect(
      (
        await buildReport('risk-list', '2026-11', {
          ...context,
          source: { ...source, riskList: async () => ({ runId: undefined, entries: [], alerts: new Map() }) },
        })
      ).headline,
    ).toEqual(['这个月没有筛查记录。 / No monthly screening was kept for this month.']);
  });
});

describe('the weekly store summary', () => {
  it('titles every column Chinese first, and lists who waits in the queue by reference and owner by name', async () => {
    const report = await buildReport('weekly', '2026-11-30', context);
    const [summary, queue] = columnTitles(report.html);
    expect(summary?.[0]).toBe('门店 Store');
    expect(queue).toEqual([
      '位置 Place',
      '顾客 Customer',
      '等级 Level',
      '风险价值 At stake',
      '负责人 Owner',
      '预警日期 Since',
    ]);
    for (const title of [...(summary ?? []), ...(queue ?? [])]) expect(title).toMatch(CHINESE_FIRST);
    expect(cells(report.html).at(-1)).toEqual(['1', 'C0****02·REF2', '1', '¥300.00', '王芳', '2026-12-01']);
    expect(report.headline).toEqual([
      '新增预警：1级 1，2级 0，3级 1 / New alerts: level 1 1, level 2 0, level 3 1',
      '未结个案：1；下周到期的首次联系：0 / Open cases: 1; first contacts due next week: 0',
      '在工作队列中等待有空余名额的负责人：1 / Waiting in the work queue for an owner with room: 1',
      '本周超时：0 / Deadlines missed this week: 0',
    ]);
  });
});
