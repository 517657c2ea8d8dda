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
  if (kind !== 'evaluation' && kind !== 'risk-list') throw new UsageError(`report: "${kind}" is not built yet; available: evaluation, risk-list`);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.period)) throw new UsageError(`--period: expected a month such as 2026-11, got "${options.period}"`);
  if (options.format !== 'csv' && options.format !== 'html') throw new UsageError(`--format: expected csv or html, got "${options.format}"`);
  const policy = await loadPolicyOption(options.policy);
  const tables = await resolveTables(options, log);
  const doc = documentClient();
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
