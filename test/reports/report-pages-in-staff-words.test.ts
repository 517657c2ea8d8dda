import { describe, expect, it } from 'vitest';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { type BreachEntry, buildReport, type ReportAlert } from '#shared/reports/build-report.ts';
import { churnReasons } from '#shared/reports/churn-reasons.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { inMemoryReportSource } from './in-memory-report-source.ts';
import { CHINESE_FIRST, cells, columnTitles } from './page-tables.ts';

/**
 * The evaluation, KPI, churn-reason and quarterly pages as management reads them: every column
 * titled Chinese first with the English beside it, marks, outcomes, reasons, steps and roles in
 * words (never ids), people by name. The CSV beside each page stays data: ids as recorded.
 */
const policy = presetPolicy('script-kill');
const clock = new ZonedClock(policy.timeZone);

const closed = (
  customerId: string,
  level: 1 | 2,
  status: string,
  closedAt: string,
  outcomeReason: string,
): ReportAlert => ({
  customerId,
  alertId: 'daily-1',
  storeId: 'S1',
  level,
  status,
  identifiedAt: '2026-12-02T02:00:00+08:00',
  closedAt,
  outcomeReason,
  indicatorsConfirmed: 'yes',
});
// December, store S1: three level-1 cases lost or refused (two moved away, one found it too dear), one level-2 case won back.
const alerts: ReportAlert[] = [
  closed('C0000001', 1, 'lost', '2026-12-20T10:00:00+08:00', 'moved'),
  closed('C0000002', 1, 'lost', '2026-12-21T10:00:00+08:00', 'moved'),
  closed('C0000003', 1, 'refused', '2026-12-10T10:00:00+08:00', 'Too  expensive'),
  closed('C0000004', 2, 'recovered', '2026-12-15T10:00:00+08:00', 'came back on 2026-12-14'),
];
const breaches: BreachEntry[] = [
  {
    caseKey: 'C0000001#daily-1',
    at: '2026-12-03T02:00:00+08:00',
    details: { responsible: 'cs-1', role: 'customer_service', deadline: 'response_plan' },
  },
  // Someone no longer in the directory: shown by id, the role still in words.
  {
    caseKey: 'C0000003#daily-1',
    at: '2026-12-08T00:00:00+08:00',
    details: { responsible: 'dgm-old', role: 'deputy_gm', deadline: 'approval' },
  },
];

const source = inMemoryReportSource({ alerts, breaches });
const context = { source, policy, clock };

const everyTitleChineseFirst = (html: string) => {
  const titles = columnTitles(html).flat();
  expect(titles.length).toBeGreaterThan(0);
  // The churn page's month columns ("2026-12") are the one exception: a month reads the same in both.
  for (const title of titles.filter((title) => !/^\d{4}-\d{2}$/.test(title))) expect(title).toMatch(CHINESE_FIRST);
};
const csvLines = (csv: string) => csv.replace('\uFEFF', '').trim().split('\n');

describe('the monthly win-back evaluation', () => {
  it('titles both of its tables Chinese first and marks each level in words', async () => {
    const report = await buildReport('evaluation', '2026-12', context);
    everyTitleChineseFirst(report.html);
    const [rates, results] = columnTitles(report.html);
    expect(rates).toEqual([
      '等级 Level',
      '预警 Alerted',
      '挽回 Recovered',
      '未结个案 Open',
      '挽回成功率 Success rate',
      '95%区间 95% interval',
      '目标 Target',
      '达标情况 Mark',
      '相对对照组的提升 Uplift over hold-out',
    ]);
    expect(results?.slice(0, 4)).toEqual([
      '等级 Level',
      '结案 Closed',
      '挽回 Recovered',
      '3个月内复购 Repurchased in 3 months',
    ]);
    // Level 1: none of 3 won back; level 2: 1 of 1; level 3 had no case.
    expect(
      cells(report.html)
        .slice(0, 3)
        .map((row) => [row[0], row[7]]),
    ).toEqual([
      ['1', '未达标 misses'],
      ['2', '达标 meets'],
      ['3', '无个案 no cases'],
    ]);
    expect(csvLines(report.csv)[1]?.split(',')[9]).toBe('misses');
  });
});

describe('the KPI page', () => {
  it('titles its columns Chinese first and names who missed which deadline, by name, role and step in words', async () => {
    const report = await buildReport('kpis', '2026-12', context);
    everyTitleChineseFirst(report.html);
    expect(columnTitles(report.html).at(-1)).toEqual([
      '负责人 Person',
      '角色 Role',
      '超时次数 Breaches',
      '按步骤 By step',
    ]);
    const rows = cells(report.html);
    expect(rows.slice(-2)).toEqual([
      ['王芳（cs-1）', '客服部 customer service', '1', '响应计划 Response plan：1'],
      ['dgm-old', '副总经理 deputy general manager', '1', '福利审批 Benefit approval：1'],
    ]);
    // Warning accuracy: 4 of 4 plans confirmed the indicators.
    expect(rows.find((row) => row[1] === '4 / 4')?.at(-1)).toBe('达标 meets');
    expect(report.html).not.toMatch(/response_plan|customer_service|deputy_gm/);
    // The CSV keeps the ids.
    expect(csvLines(report.csv)).toContain('breaches,cs-1 (customer_service),1,response_plan: 1,,');
  });
});

describe('the churn reasons', () => {
  it('shows each outcome and a lost case’s reason in words, Chinese first, and a refusal’s cause as the owner wrote it', async () => {
    const report = await buildReport('churn-reasons', '2026-12', context);
    everyTitleChineseFirst(report.html);
    expect(columnTitles(report.html)).toEqual([
      ['结果 Outcome', '原因 Reason', '2026-10', '2026-11', '2026-12', '合计 Total'],
    ]);
    expect(cells(report.html)).toEqual([
      ['已流失 lost', '搬走了 Moved away', '0', '0', '2', '2'],
      ['顾客拒绝 refused', 'too expensive', '0', '0', '1', '1'],
    ]);
    expect(report.headline.slice(1)).toEqual([
      '已流失：搬走了（2） / lost: Moved away (2)',
      '顾客拒绝：too expensive（1） / refused: too expensive (1)',
    ]);
    expect(csvLines(report.csv)).toEqual([
      'outcome,reason,2026-10,2026-11,2026-12,total',
      'lost,moved,0,0,2,2',
      'refused,too expensive,0,0,1,1',
    ]);
  });
});

describe('the churn reasons of the hold-out group', () => {
  it('leaves out a held-out customer lost without contact: nobody recorded a reason', () => {
    const months = ['2026-10', '2026-11', '2026-12'];
    const heldOut = {
      ...closed(
        'C0000009',
        1,
        'lost',
        '2026-12-28T10:00:00+08:00',
        'no visit within the tracking window, which ended 2026-12-27',
      ),
      holdout: true,
    };
    expect(churnReasons([...alerts, heldOut], months)).toEqual(churnReasons(alerts, months));
    expect(churnReasons([{ ...heldOut, holdout: false }], months)).toHaveLength(1);
  });
});

describe('the quarterly report', () => {
  it('titles every table Chinese first, and states each problem and proposal in Chinese with the English under it', async () => {
    const report = await buildReport('quarterly', '2026-Q4', context);
    everyTitleChineseFirst(report.html);
    expect(columnTitles(report.html)[0]).toEqual([
      '门店 Store',
      '1级预警 L1',
      '2级预警 L2',
      '3级预警 L3',
      '个案状态 Cases by status',
      '已发放福利 Benefits issued',
      '福利成本 Benefit cost',
      '超时 Breaches',
    ]);
    expect(cells(report.html)[0]?.[4]).toBe('已流失 lost 2；已挽回 recovered 1；顾客拒绝 refused 1');
    const [problems, proposals] = [...report.html.matchAll(/<ol>(.*?)<\/ol>/g)].map((list) =>
      [...(list[1] ?? '').matchAll(/<li>(.*?)<\/li>/g)].map((item) => item[1]),
    );
    expect(problems).toContain(
      '<b>王芳（cs-1），客服部 customer service</b>：超时 1 次：响应计划 1<br>1 deadline(s) missed: Response plan 1',
    );
    expect(problems).toContain(
      '<b>已流失 lost：搬走了 Moved away</b>：3 个以流失或拒绝结案的个案中，2 个（66.7%）给出这个原因<br>2 of 3 lost or refused cases (66.7%) give this reason',
    );
    // Each line: its subject, then the Chinese before any English.
    for (const item of [...(problems ?? []), ...(proposals ?? [])])
      expect(item).toMatch(/^<b>[^<]*<\/b>：[^A-Za-z<]*[\u4e00-\u9fff]/);
    // The CSV keeps the ids and the English.
    const problemRows = csvLines(report.csv).filter((line) => line.startsWith('problem,'));
    expect(problemRows.map((line) => line.split(',')[2])).toEqual(
      expect.arrayContaining(['cs-1 (customer_service)', 'lost: moved']),
    );
    expect(problemRows.find((line) => line.includes('cs-1 (customer_service)'))).toContain(
      '1 deadline(s) missed: response_plan 1',
    );
  });
});
