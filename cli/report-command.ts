import { stringify } from 'csv-stringify/sync';
import type { Level } from '#shared/policy/policy-schema.ts';
import { evaluationHtml } from '#shared/reports/evaluation-html.ts';
import { evaluateWinback, type EvaluationRow } from '#shared/reports/winback-evaluation.ts';
import { alertsIdentifiedIn } from '#shared/store/dynamodb/alert-reader.ts';
import { documentClient } from '#shared/store/dynamodb/document-client.ts';
import { loadStaffDirectory } from '#shared/store/dynamodb/staff-store.ts';
import { riskListOf } from '#shared/store/dynamodb/risk-list-reader.ts';
import { riskListHtml, riskListRows, type RiskListRow } from '#shared/reports/risk-list.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { breachesByPerson, kpiHtml, warningAccuracy, type AccuracyRow, type BreachRow } from '#shared/reports/kpis.ts';
import { churnHtml, churnReasons, monthsEndingAt, type ChurnReasonRow } from '#shared/reports/churn-reasons.ts';
import { scanItems } from '#shared/store/dynamodb/scan-items.ts';
import { weeklyHtml, weeklySummary, type WeeklyRow } from '#shared/reports/weekly-summary.ts';
import { loadPolicyOption } from './policy-option.ts';
import { resolveTables } from './tables-option.ts';
import { UsageError } from './usage-error.ts';
import { writeOutput } from './write-output.ts';

export interface ReportOptions {
  period: string;
  format: string;
  output?: string;
  policy?: string;
  tablePrefix?: string;
  dataDir?: string;
}

/**
 * `winback report risk-list --period 2026-12`: the month's screening, per store, most serious first.
 * `winback report evaluation --period 2026-11`: the month's win-back evaluation from the recorded
 * alerts (never from counters), per store and level, as CSV (with a BOM for Excel) or an HTML page.
 * A closed month gives the same figures every time it is run.
 */
export async function reportCommand(kind: string, options: ReportOptions, log: (line: string) => void): Promise<void> {
  if (!REPORTS.includes(kind as Report)) throw new UsageError(`report: "${kind}" is not built yet; available: ${REPORTS.join(', ')}`);
  const weekly = kind === 'weekly';
  if (weekly ? !isMonday(options.period) : !/^\d{4}-(0[1-9]|1[0-2])$/.test(options.period)) {
    throw new UsageError(weekly ? `--period: expected the Monday a week starts on, such as 2026-11-23, got "${options.period}"` : `--period: expected a month such as 2026-11, got "${options.period}"`);
  }
  if (options.format !== 'csv' && options.format !== 'html') throw new UsageError(`--format: expected csv or html, got "${options.format}"`);
  const policy = await loadPolicyOption(options.policy);
  const tables = await resolveTables(options, log);
  const doc = documentClient();
  if (weekly) {
    const week = { start: options.period, end: addDays(options.period, 7), nextEnd: addDays(options.period, 14) };
    const [alerts, staffNow, breachEntries] = await Promise.all([
      scanItems(doc, { TableName: tables.alerts }),
      loadStaffDirectory(doc, tables),
      scanItems(doc, { TableName: tables.audit, FilterExpression: 'details.breach = :yes AND #at >= :from AND #at < :to', ExpressionAttributeNames: { '#at': 'at' }, ExpressionAttributeValues: { ':yes': true, ':from': week.start, ':to': week.end } }),
    ]);
    const stores = [...new Set([...staffNow.stores(), ...alerts.map((alert) => String(alert.storeId))])].sort();
    const rows = weeklySummary(alerts as never, breachEntries as never, stores, week);
    await writeOutput(options.format === 'csv' ? weeklyCsv(rows) : weeklyHtml(week.start, rows), options.output);
    log(`weekly summary ${week.start} to ${addDays(week.start, 6)}: ${stores.length} store(s)`);
    return;
  }
  if (kind === 'kpis') {
    const [alerts, staffNow, breachEntries] = await Promise.all([
      alertsIdentifiedIn(doc, tables, options.period),
      loadStaffDirectory(doc, tables),
      scanItems(doc, { TableName: tables.audit, FilterExpression: 'details.breach = :yes AND begins_with(#at, :month)', ExpressionAttributeNames: { '#at': 'at' }, ExpressionAttributeValues: { ':yes': true, ':month': options.period } }),
    ]);
    const stores = [...new Set([...staffNow.stores(), ...alerts.map((alert) => String(alert.storeId))])].sort();
    const accuracy = warningAccuracy(alerts.map((alert) => ({ storeId: String(alert.storeId), status: String(alert.status ?? 'open') })), stores, policy.evaluation.warningAccuracyTarget);
    const breaches = breachesByPerson(breachEntries);
    await writeOutput(options.format === 'csv' ? kpiCsv(accuracy, breaches) : kpiHtml(options.period, accuracy, breaches), options.output);
    log(`KPIs ${options.period}: warning accuracy in ${stores.length} store(s), ${breachEntries.length} breach(es) by ${breaches.length} person(s)`);
    return;
  }
  if (kind === 'churn-reasons') {
    const months = monthsEndingAt(options.period, 3);
    const after = nextMonth(options.period);
    const closed = await scanItems(doc, {
      TableName: tables.alerts,
      FilterExpression: 'closedAt >= :from AND closedAt < :to',
      ExpressionAttributeValues: { ':from': months[0], ':to': after },
    });
    const rows = churnReasons(closed as Array<{ status: string; outcomeReason?: string; closedAt?: string }>, months);
    await writeOutput(options.format === 'csv' ? churnCsv(rows, months) : churnHtml(options.period, rows, months), options.output);
    log(`churn reasons ${months[0]} to ${options.period}: ${rows.reduce((sum, row) => sum + row.total, 0)} case(s), ${rows.length} reason(s)`);
    return;
  }
  if (kind === 'risk-list') {
    const { runId, entries, alerts } = await riskListOf(doc, tables, options.period, new ZonedClock(policy.timeZone));
    const rows = riskListRows(entries, alerts);
    await writeOutput(options.format === 'csv' ? riskListCsv(rows) : riskListHtml(options.period, runId, rows), options.output);
    log(runId ? `risk list ${options.period}: ${rows.length} customer(s) from ${runId}` : `risk list ${options.period}: no monthly screening was kept for this month`);
    return;
  }
  const [alerts, staff] = await Promise.all([alertsIdentifiedIn(doc, tables, options.period), loadStaffDirectory(doc, tables)]);
  // Every store the chain staffs gets its rows, with cases or without.
  const stores = [...new Set([...staff.stores(), ...alerts.map((alert) => String(alert.storeId))])].sort();
  const rows = evaluateWinback(
    alerts.map((alert) => ({ storeId: String(alert.storeId), level: alert.level as Level, status: String(alert.status ?? 'open'), holdout: alert.holdout === true })),
    stores,
    policy,
  );
  await writeOutput(options.format === 'csv' ? asCsv(rows) : evaluationHtml(options.period, policy.version, rows), options.output);
  log(`win-back evaluation ${options.period}: ${alerts.length} alert(s) in ${stores.length} store(s)`);
}

const REPORTS = ['evaluation', 'risk-list', 'kpis', 'churn-reasons', 'weekly'] as const;
type Report = (typeof REPORTS)[number];

function isMonday(day: string): boolean {
  const at = Date.parse(`${day}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && Number.isFinite(at) && new Date(at).toISOString().startsWith(day) && new Date(at).getUTCDay() === 1;
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function weeklyCsv(rows: readonly WeeklyRow[]): string {
  return `\uFEFF${stringify(
    rows.map((row) => [row.storeId, ...row.newByLevel, row.openCases, row.dueNextWeek, row.breaches]),
    { header: true, columns: ['store', 'newLevel1', 'newLevel2', 'newLevel3', 'openCases', 'firstContactDueNextWeek', 'breaches'] },
  )}`;
}


function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

function kpiCsv(accuracy: readonly AccuracyRow[], breaches: readonly BreachRow[]): string {
  const rows = [
    ...accuracy.map((row) => ['warning_accuracy', row.storeId, row.accuracy?.toFixed(4) ?? '', `${row.confirmed}/${row.verified}`, row.target, row.mark]),
    ...breaches.map((row) => ['breaches', `${row.person} (${row.role})`, row.breaches, Object.entries(row.byStep).map(([step, n]) => `${step}: ${n}`).join('; '), '', '']),
  ];
  return `\uFEFF${stringify(rows, { header: true, columns: ['kpi', 'subject', 'value', 'detail', 'target', 'mark'] })}`;
}


function churnCsv(rows: readonly ChurnReasonRow[], months: readonly string[]): string {
  return `\uFEFF${stringify(
    rows.map((row) => [row.outcome, row.reason, ...row.byMonth, row.total]),
    { header: true, columns: ['outcome', 'reason', ...months, 'total'] },
  )}`;
}


function riskListCsv(rows: readonly RiskListRow[]): string {
  return `\uFEFF${stringify(
    rows.map((row) => [row.storeId, row.customer, row.level, row.indicators, row.owner, row.caseStatus, row.firstContactBy]),
    { header: true, columns: ['store', 'customer', 'level', 'indicators', 'owner', 'caseStatus', 'firstContactBy'] },
  )}`;
}

function asCsv(rows: readonly EvaluationRow[]): string {
  const share = (value: number | undefined) => (value === undefined ? '' : value.toFixed(4));
  return `\uFEFF${stringify(
    rows.map((row) => [
      row.storeId,
      row.level,
      row.alerted,
      row.recovered,
      row.open,
      share(row.successRate),
      share(row.interval?.low),
      share(row.interval?.high),
      row.target,
      row.mark,
      share(row.uplift?.difference),
      share(row.uplift?.low),
      share(row.uplift?.high),
    ]),
    { header: true, columns: ['store', 'level', 'alerted', 'recovered', 'open', 'successRate', 'low95', 'high95', 'target', 'mark', 'uplift', 'upliftLow95', 'upliftHigh95'] },
  )}`;
}
