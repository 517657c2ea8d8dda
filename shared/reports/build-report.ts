import pMap from 'p-map';
import { hadCase } from '../alerts/alert-status.ts';
import type { Level, Policy } from '../policy/policy-schema.ts';
import { queueLines } from '../queue/queue-lines.ts';
import type { RiskEntry } from '../scan/scan-segment.ts';
import type { StaffDirectory } from '../staff/staff-directory.ts';
import type { ZonedClock } from '../time/zoned-clock.ts';
import { churnCsv, churnHtml, churnReasons, reasonWords } from './churn-reasons.ts';
import { coreChurn } from './core-churn.ts';
import { evaluationCsv } from './evaluation-csv.ts';
import { evaluationHtml } from './evaluation-html.ts';
import { breachesByPerson, kpiCsv, kpiHtml, unworkedOutcomes, warningAccuracy } from './kpis.ts';
import {
  type ExecutionRow,
  type QuarterFacts,
  quarterlyCsv,
  quarterlyFindings,
  quarterlyHtml,
} from './quarterly-report.ts';
import type { ReportDocument } from './report-document.ts';
import type { ReportKind } from './report-kind.ts';
import { dayNumberOf, monthsEndingAt, parsePeriod, type ReportPeriod, shiftDay, shiftMonth } from './report-period.ts';
import { inBoth, peopleInWords, statusWords } from './report-wording.ts';
import { riskListCsv, riskListHtml, riskListRows } from './risk-list.ts';
import { weeklyCsv, weeklyHtml, weeklySummary } from './weekly-summary.ts';
import { evaluateWinback } from './winback-evaluation.ts';
import { type ResultCase, resultsCohortMonth, winbackResults } from './winback-results.ts';

/** An alert (a case) as the reports read it from the Alerts table. */
export interface ReportAlert {
  customerId: string;
  alertId: string;
  storeId: string;
  level: Level;
  /** A case's status, or `queued` / `dequeued` for an alert that never became one (shared/alerts/alert-status.ts). */
  status: string;
  /** What is at stake if the customer is lost (alerts raised since the work queue). */
  priority?: number;
  identifiedAt: string;
  /** When the work queue opened its case (alerts raised before the queue opened at identifiedAt). */
  openedAt?: string;
  closedAt?: string;
  /** When the case failed and went to operations (a failed case has no closedAt). */
  failedAt?: string;
  outcomeReason?: string;
  holdout?: boolean;
  deadlines?: { firstContactBy?: string };
  /** The owner's answer in the response plan: are the indicators real (Art. 24's warning accuracy). */
  indicatorsConfirmed?: string;
}

export interface BreachEntry {
  caseKey: string;
  at: string;
  details?: { responsible?: string; role?: string; deadline?: string };
}

/**
 * Where the reports' numbers come from: the recorded alerts, audit entries, events and ledger.
 * Local dates and instants are the policy's ("2026-11-01", "2026-11-01T09:00:00+08:00"), so a
 * range [from, to) of dates selects instants by comparing strings.
 */
export interface ReportSource {
  /** The stores someone is staffed for. */
  staffedStores(): Promise<string[]>;
  /** The staff directory: whose line a queued alert waits in. */
  staff(): Promise<StaffDirectory>;
  alerts(filter: {
    identifiedFrom?: string;
    identifiedTo?: string;
    closedFrom?: string;
    closedTo?: string;
  }): Promise<ReportAlert[]>;
  breaches(from: string, to: string): Promise<BreachEntry[]>;
  benefitsIssued(from: string, to: string): Promise<Array<{ storeId: string; costYuan: number }>>;
  /** Visits and surveys of one customer in [from, to] (epoch ms), and what the case's benefits cost. */
  caseFacts(
    alert: ReportAlert,
    from: number,
    to: number,
  ): Promise<Pick<ResultCase, 'visits' | 'surveys' | 'benefitCost'>>;
  /** Core customers with a visit in [from, to) (epoch ms). */
  activeCore(from: number, to: number): Promise<Array<{ customerId: string; storeId: string }>>;
  riskList(
    month: string,
  ): Promise<{ runId: string | undefined; entries: RiskEntry[]; alerts: ReadonlyMap<string, Record<string, unknown>> }>;
}

export interface ReportContext {
  source: ReportSource;
  policy: Policy;
  clock: ZonedClock;
  /** Only these stores' rows (a store manager's copy); all stores when absent. */
  stores?: readonly string[];
  /** How a list shows a customer: masked with a keyed reference when the caller holds the key (shared/privacy/customer-reference.ts). */
  customerLabel?: (customerId: string) => string;
}

const DAY_MS = 86_400_000;
const percent = (value: number | undefined) => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);

/** Builds one report for one period from the recorded data: the same closed period gives the same document every time. */
export async function buildReport(
  kind: ReportKind,
  periodText: string,
  context: ReportContext,
): Promise<ReportDocument> {
  const period = parsePeriod(kind, periodText);
  const inScope = (storeId: string) => context.stores === undefined || context.stores.includes(storeId);
  const scoped = async <T extends { storeId: string }>(items: Promise<T[]>) =>
    (await items).filter((item) => inScope(item.storeId));
  const storesOf = async (alerts: readonly ReportAlert[]) =>
    [...new Set([...(await context.source.staffedStores()), ...alerts.map((alert) => alert.storeId)])]
      .filter(inScope)
      .sort();
  const build = BUILDERS[kind];
  return build(period, { ...context, scoped, storesOf });
}

interface Scope extends ReportContext {
  scoped<T extends { storeId: string }>(items: Promise<T[]>): Promise<T[]>;
  storesOf(alerts: readonly ReportAlert[]): Promise<string[]>;
}

const BUILDERS: Record<ReportKind, (period: ReportPeriod, scope: Scope) => Promise<ReportDocument>> = {
  async weekly(period, scope) {
    const [all, breaches, staff] = await Promise.all([
      scope.source.alerts({}),
      scope.source.breaches(period.from, period.to),
      scope.source.staff(),
    ]);
    // The lines are the owners' across the chain (a head of operations serves every store); a store's copy shows its own alerts' places in them.
    const lines = queueLines(all as unknown as Array<Record<string, unknown>>, scope.policy, staff);
    const alerts = await scope.scoped(Promise.resolve(all));
    const stores = await scope.storesOf(alerts);
    const nextEnd = shiftDay(period.to, 7);
    const rows = weeklySummary(alerts, breaches, stores, { start: period.from, end: period.to, nextEnd });
    const waiting = [...lines.waiting.values()].filter((placed) => stores.includes(placed.storeId));
    const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
    return {
      kind: 'weekly',
      period: period.label,
      title: `门店周报 Weekly store summary ${period.label}`,
      csv: weeklyCsv(rows),
      html: weeklyHtml(period.label, rows, waiting, {
        ...(scope.customerLabel ? { customerLabel: scope.customerLabel } : {}),
        // A line nobody holds (a staffing gap) says which department is missing.
        ownerName: (placed) =>
          staff.person(placed.owner)?.name ??
          `无人负责 nobody: ${Object.values(scope.policy.owners).find((owner) => owner.role === placed.ownerRole)?.department ?? placed.ownerRole}`,
      }),
      headline: [
        inBoth(
          `新增预警：1级 ${sum((r) => r.newByLevel[0])}，2级 ${sum((r) => r.newByLevel[1])}，3级 ${sum((r) => r.newByLevel[2])}`,
          `New alerts: level 1 ${sum((r) => r.newByLevel[0])}, level 2 ${sum((r) => r.newByLevel[1])}, level 3 ${sum((r) => r.newByLevel[2])}`,
        ),
        inBoth(
          `未结个案：${sum((r) => r.openCases)}；下周到期的首次联系：${sum((r) => r.dueNextWeek)}`,
          `Open cases: ${sum((r) => r.openCases)}; first contacts due next week: ${sum((r) => r.dueNextWeek)}`,
        ),
        inBoth(
          `在工作队列中等待有空余名额的负责人：${sum((r) => r.queued)}`,
          `Waiting in the work queue for an owner with room: ${sum((r) => r.queued)}`,
        ),
        inBoth(`本周超时：${sum((r) => r.breaches)}`, `Deadlines missed this week: ${sum((r) => r.breaches)}`),
      ],
    };
  },

  async 'risk-list'(period, scope) {
    const [{ runId, entries, alerts }, all, staff] = await Promise.all([
      scope.source.riskList(period.label),
      scope.source.alerts({}),
      scope.source.staff(),
    ]);
    const { waiting } = queueLines(all as unknown as Array<Record<string, unknown>>, scope.policy, staff);
    const rows = riskListRows(
      entries.filter((entry) => !scope.stores || scope.stores.includes(entry.storeId)),
      alerts,
      { policy: scope.policy, waiting, ...(scope.customerLabel ? { customerLabel: scope.customerLabel } : {}) },
    );
    const atLevel = (level: number) => rows.filter((row) => row.level === level).length;
    const queued = rows.filter((row) => row.queuePosition !== undefined).length;
    return {
      kind: 'risk-list',
      period: period.label,
      title: `流失风险名单 Risk list ${period.label}`,
      csv: riskListCsv(rows),
      html: riskListHtml(period.label, runId, rows, scope.policy),
      headline: runId
        ? [
            inBoth(
              `${rows.length} 位顾客有流失风险：3级 ${atLevel(3)}，2级 ${atLevel(2)}，1级 ${atLevel(1)}`,
              `${rows.length} customer(s) at risk: level 3 ${atLevel(3)}, level 2 ${atLevel(2)}, level 1 ${atLevel(1)}`,
            ),
            inBoth(`来自月度筛查 ${runId}`, `From the monthly screening ${runId}`),
            inBoth(
              `${queued} 位在工作队列中等待有空余名额的负责人`,
              `${queued} waiting in the work queue for an owner with room`,
            ),
          ]
        : [inBoth('这个月没有筛查记录。', 'No monthly screening was kept for this month.')],
    };
  },

  async evaluation(period, scope) {
    const alerts = await scope.scoped(scope.source.alerts({ identifiedFrom: period.from, identifiedTo: period.to }));
    const stores = await scope.storesOf(alerts);
    const rows = evaluateWinback(alerts, stores, scope.policy);
    const cohort = resultsCohortMonth(period.label, scope.policy.deadlines.trackingWindowDays);
    const results = await resultsOf(cohort, stores, scope);
    const chain = (level: Level) => rows.filter((row) => row.level === level);
    const headline = ([1, 2, 3] as const).map((level) => {
      const alerted = chain(level).reduce((sum, row) => sum + row.alerted, 0);
      const recovered = chain(level).reduce((sum, row) => sum + row.recovered, 0);
      const target = scope.policy.evaluation.successTargets[level];
      const rate = alerted ? recovered / alerted : undefined;
      const met = rate === undefined ? undefined : rate >= target;
      return inBoth(
        `${level}级：挽回 ${recovered}/${alerted}（${percent(rate)}；目标 ${percent(target)}${met === undefined ? '' : met ? '，达标' : '，未达标'}）`,
        `Level ${level}: ${recovered} of ${alerted} recovered (${percent(rate)}; target ${percent(target)}${met === undefined ? '' : met ? ', met' : ', missed'})`,
      );
    });
    const cost = results.reduce((sum, row) => sum + row.benefitCost, 0);
    const revenue = results.reduce((sum, row) => sum + row.recoveredRevenue, 0);
    const recovered = results.reduce((sum, row) => sum + row.recovered, 0);
    const repurchased = results.reduce((sum, row) => sum + row.repurchased, 0);
    headline.push(
      inBoth(
        `${cohort} 结案的个案：挽回的 ${recovered} 位顾客中 ${repurchased} 位在3个月内再次到店；福利成本 ¥${cost.toFixed(2)}，挽回顾客消费 ¥${revenue.toFixed(2)}${cost > 0 ? `（每元福利 ${(revenue / cost).toFixed(2)}）` : ''}`,
        `Cases closed in ${cohort}: ${repurchased} of ${recovered} recovered customers came back again within 3 months; benefits cost ¥${cost.toFixed(2)} against ¥${revenue.toFixed(2)} spent by the recovered${cost > 0 ? ` (${(revenue / cost).toFixed(2)} per yuan)` : ''}`,
      ),
    );
    return {
      kind: 'evaluation',
      period: period.label,
      title: `挽回评估 Win-back evaluation ${period.label}`,
      csv: evaluationCsv(rows, { cohort, rows: results }),
      html: evaluationHtml(period.label, scope.policy.version, rows, { cohort, rows: results }),
      headline,
    };
  },

  async kpis(period, scope) {
    const [identified, closed, breachEntries, staff] = await Promise.all([
      scope.scoped(scope.source.alerts({ identifiedFrom: period.from, identifiedTo: period.to })),
      scope.scoped(scope.source.alerts({ closedFrom: period.from, closedTo: period.to })),
      scope.source.breaches(period.from, period.to),
      scope.source.staff(),
    ]);
    const stores = await scope.storesOf(identified);
    const kpi = await kpisOf(period, stores, identified, closed, breachEntries, scope);
    return {
      kind: 'kpis',
      period: period.label,
      title: `关键指标 KPIs ${period.label}`,
      csv: kpiCsv(kpi.accuracy, kpi.churn, kpi.breaches, kpi.outcomes),
      html: kpiHtml(
        period.label,
        kpi.accuracy,
        kpi.churn,
        kpi.breaches,
        kpi.outcomes,
        peopleInWords(scope.policy, staff),
      ),
      headline: [
        inBoth(
          `预警准确率：${kpi.accuracy.map((row) => `${row.storeId} ${percent(row.accuracy)}`).join('，')}（目标 ${percent(scope.policy.evaluation.warningAccuracyTarget)}）`,
          `Warning accuracy: ${kpi.accuracy.map((row) => `${row.storeId} ${percent(row.accuracy)}`).join(', ')} (target ${percent(scope.policy.evaluation.warningAccuracyTarget)})`,
        ),
        inBoth(
          `核心顾客流失率：${kpi.churn.map((row) => `${row.storeId} ${percent(row.rate)}`).join('，')}（上限 ${percent(scope.policy.evaluation.coreChurnTarget)}）`,
          `Core-customer churn: ${kpi.churn.map((row) => `${row.storeId} ${percent(row.rate)}`).join(', ')} (at most ${percent(scope.policy.evaluation.coreChurnTarget)})`,
        ),
        inBoth(
          `超时：${kpi.breaches.reduce((sum, row) => sum + row.breaches, 0)} 次，涉及 ${kpi.breaches.length} 人`,
          `Deadlines missed: ${kpi.breaches.reduce((sum, row) => sum + row.breaches, 0)} by ${kpi.breaches.length} person(s)`,
        ),
      ],
    };
  },

  async 'churn-reasons'(period, scope) {
    const months = monthsEndingAt(period.label, 3);
    const closed = await scope.scoped(scope.source.alerts({ closedFrom: `${months[0]}-01`, closedTo: period.to }));
    const rows = churnReasons(closed, months);
    const total = rows.reduce((sum, row) => sum + row.total, 0);
    return {
      kind: 'churn-reasons',
      period: period.label,
      title: `流失原因 Churn reasons to ${period.label}`,
      csv: churnCsv(rows, months),
      html: churnHtml(period.label, rows, months),
      headline: [
        inBoth(
          `${months[0]} 至 ${period.label} 以顾客拒绝或流失结案的个案：${total}`,
          `${total} case(s) closed refused or lost from ${months[0]} to ${period.label}`,
        ),
        ...rows
          .slice(0, 3)
          .map((row) =>
            inBoth(
              `${statusWords(row.outcome).zh}：${reasonWords(row).zh}（${row.total}）`,
              `${statusWords(row.outcome).en}: ${reasonWords(row).en} (${row.total})`,
            ),
          ),
      ],
    };
  },

  async quarterly(period, scope) {
    const [identified, closed, breachEntries, issued, staff] = await Promise.all([
      scope.scoped(scope.source.alerts({ identifiedFrom: period.from, identifiedTo: period.to })),
      scope.scoped(scope.source.alerts({ closedFrom: period.from, closedTo: period.to })),
      scope.source.breaches(period.from, period.to),
      scope.scoped(scope.source.benefitsIssued(period.from, period.to)),
      scope.source.staff(),
    ]);
    const stores = await scope.storesOf(identified);
    const evaluation = evaluateWinback(identified, stores, scope.policy);
    const kpi = await kpisOf(period, stores, identified, closed, breachEntries, scope);
    const storeOfCase = new Map(identified.map((alert) => [`${alert.customerId}#${alert.alertId}`, alert.storeId]));
    const execution: ExecutionRow[] = stores.map((storeId) => {
      const mine = identified.filter((alert) => alert.storeId === storeId);
      const byStatus: Record<string, number> = {};
      for (const alert of mine) byStatus[alert.status] = (byStatus[alert.status] ?? 0) + 1;
      const benefits = issued.filter((entry) => entry.storeId === storeId);
      return {
        storeId,
        alertsByLevel: [1, 2, 3].map((level) => mine.filter((alert) => alert.level === level).length) as [
          number,
          number,
          number,
        ],
        byStatus: Object.fromEntries(Object.entries(byStatus).sort(([a], [b]) => (a < b ? -1 : 1))),
        benefitsIssued: benefits.length,
        benefitCost: Math.round(benefits.reduce((sum, entry) => sum + entry.costYuan, 0) * 100) / 100,
        breaches: breachEntries.filter((entry) => storeOfCase.get(entry.caseKey) === storeId).length,
      };
    });
    const facts: QuarterFacts = {
      execution,
      evaluation,
      accuracy: kpi.accuracy,
      coreChurn: kpi.churn,
      breaches: kpi.breaches,
      reasons: churnReasons(closed, period.months),
    };
    const findings = quarterlyFindings(facts, peopleInWords(scope.policy, staff));
    const alertCount = execution.reduce((sum, row) => sum + row.alertsByLevel.reduce((a, b) => a + b, 0), 0);
    const recoveredCount = evaluation.reduce((sum, row) => sum + row.recovered, 0);
    const benefitCost = execution.reduce((sum, row) => sum + row.benefitCost, 0).toFixed(2);
    const missed = evaluation.filter((row) => row.mark === 'misses').length;
    const withCases = evaluation.filter((row) => row.mark !== 'no cases').length;
    return {
      kind: 'quarterly',
      period: period.label,
      title: `季度评估报告 Quarterly evaluation ${period.label}`,
      csv: quarterlyCsv(facts, findings),
      html: quarterlyHtml(period.label, scope.policy.version, facts, findings),
      headline: [
        inBoth(
          `预警：${alertCount}；挽回：${recoveredCount}；发放福利：¥${benefitCost}`,
          `Alerts: ${alertCount}; recovered: ${recoveredCount}; benefits issued: ¥${benefitCost}`,
        ),
        inBoth(
          `未达标：有个案的 ${withCases} 个门店等级中 ${missed} 个`,
          `Targets missed: ${missed} of ${withCases} store levels with cases`,
        ),
        inBoth(`发现问题：${findings.length} 项`, `Problems found: ${findings.length}`),
      ],
    };
  },
};

/** Breaches belong to the stores of the cases they were on, so a store manager's copy shows only theirs. */
async function kpisOf(
  period: ReportPeriod,
  stores: string[],
  identified: ReportAlert[],
  closed: ReportAlert[],
  breachEntries: BreachEntry[],
  scope: Scope,
) {
  const start = scope.clock.startOfDay(dayNumberOf(period.from));
  const activeCore = await scope.scoped(scope.source.activeCore(start - 365 * DAY_MS, start));
  const storeOfCase = new Map(
    [...identified, ...closed].map((alert) => [`${alert.customerId}#${alert.alertId}`, alert.storeId]),
  );
  const { stores: only } = scope;
  const mine =
    only === undefined
      ? breachEntries
      : breachEntries.filter((entry) => only.includes(storeOfCase.get(entry.caseKey) ?? ''));
  return {
    accuracy: warningAccuracy(identified, stores, scope.policy.evaluation.warningAccuracyTarget),
    outcomes: unworkedOutcomes(identified, closed, stores),
    churn: coreChurn(activeCore, closed, stores, scope.policy.evaluation.coreChurnTarget),
    breaches: breachesByPerson(mine),
  };
}

/** The results of the cases (worked, not held out) closed in the cohort month, with each customer's visits, surveys and benefits. */
async function resultsOf(cohort: string, stores: string[], scope: Scope) {
  // A dequeued alert has a closing date but was never a case: no result to report.
  const closed = (
    await scope.scoped(scope.source.alerts({ closedFrom: `${cohort}-01`, closedTo: `${shiftMonth(cohort, 1)}-01` }))
  ).flatMap(({ closedAt, ...alert }) => (!alert.holdout && closedAt && hadCase(alert) ? [{ ...alert, closedAt }] : []));
  const { afterDays, beforeDays } = {
    afterDays: scope.policy.deadlines.trackingWindowDays,
    beforeDays: scope.policy.evaluation.satisfactionBeforeDays,
  };
  const cases: ResultCase[] = await pMap(
    closed,
    async (alert) => {
      const from = Date.parse(alert.identifiedAt) - beforeDays * DAY_MS;
      const to = Date.parse(alert.closedAt) + afterDays * DAY_MS;
      return { ...alert, ...(await scope.source.caseFacts(alert, from, to)) };
    },
    { concurrency: 8 },
  );
  return winbackResults(cases, stores, { afterDays, beforeDays });
}
