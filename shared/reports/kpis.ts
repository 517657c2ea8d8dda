import { hadCase } from '../alerts/alert-status.ts';
import type { CoreChurnRow } from './core-churn.ts';
import { csvFile, shareCell } from './csv-file.ts';
import { escapeHtml, reportPage } from './report-page.ts';

/** The KPIs of Art. 24 that the recorded cases answer: warning accuracy per store, and breaches per responsible person (Art. 26). */
export interface AccuracyRow {
  storeId: string;
  verified: number;
  confirmed: number;
  accuracy: number | undefined;
  target: number;
  mark: 'meets' | 'misses' | 'no cases';
}

export interface BreachRow {
  person: string;
  role: string;
  breaches: number;
  /** By the step whose deadline passed: response_plan, contact, approval, loss_reason. */
  byStep: Record<string, number>;
}

const STEP_ORDER = ['response_plan', 'contact', 'approval', 'loss_reason'];

/**
 * Alerts still `open` have not been verified yet, nor have queued ones (no case yet) or dequeued
 * ones (never a case); a case closed at verify (self-recovered, customer gone) was not confirmed.
 */
const NOT_CONFIRMED = new Set(['self_recovered', 'customer_gone']);

export function warningAccuracy(alerts: ReadonlyArray<{ storeId: string; status: string }>, stores: readonly string[], target: number): AccuracyRow[] {
  return stores.map((storeId) => {
    const verified = alerts.filter((alert) => alert.storeId === storeId && alert.status !== 'open' && hadCase(alert));
    const confirmed = verified.filter((alert) => !NOT_CONFIRMED.has(alert.status)).length;
    const accuracy = verified.length ? confirmed / verified.length : undefined;
    return { storeId, verified: verified.length, confirmed, accuracy, target, mark: accuracy === undefined ? 'no cases' : accuracy >= target ? 'meets' : 'misses' };
  });
}

export function breachesByPerson(entries: ReadonlyArray<{ details?: { responsible?: string; role?: string; deadline?: string } }>): BreachRow[] {
  const rows = new Map<string, BreachRow>();
  for (const { details } of entries) {
    const person = details?.responsible ?? 'unknown';
    const row = rows.get(person) ?? { person, role: details?.role ?? '', breaches: 0, byStep: {} };
    row.breaches += 1;
    const step = details?.deadline ?? 'unknown';
    row.byStep[step] = (row.byStep[step] ?? 0) + 1;
    rows.set(person, row);
  }
  // Steps in the order a case meets them, so the same month reads the same every time.
  const rank = (step: string) => (STEP_ORDER.includes(step) ? STEP_ORDER.indexOf(step) : STEP_ORDER.length);
  for (const row of rows.values()) row.byStep = Object.fromEntries(Object.entries(row.byStep).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : 1)));
  return [...rows.values()].sort((a, b) => b.breaches - a.breaches || (a.person < b.person ? -1 : 1));
}

/** The page of this report (the frame every report shares). */
export function kpiHtml(period: string, accuracy: readonly AccuracyRow[], churn: readonly CoreChurnRow[], breaches: readonly BreachRow[]): string {
  const percent = (value: number | undefined) => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);
  const accuracyRows = accuracy
    .map((row) => `<tr><td class="text">${escapeHtml(row.storeId)}</td><td>${row.confirmed} / ${row.verified}</td><td>${percent(row.accuracy)}</td><td>${percent(row.target)}</td><td class="${row.mark.replace(' ', '-')}">${row.mark}</td></tr>`)
    .join('\n');
  const breachRows = breaches
    .map((row) => `<tr><td class="text">${escapeHtml(row.person)}</td><td class="text">${escapeHtml(row.role)}</td><td>${row.breaches}</td><td class="text">${escapeHtml(Object.entries(row.byStep).map(([step, n]) => `${step}: ${n}`).join('; '))}</td></tr>`)
    .join('\n');
  const churnRows = churn
    .map((row) => `<tr><td class="text">${escapeHtml(row.storeId)}</td><td>${row.churned} / ${row.activeCore}</td><td>${percent(row.rate)}</td><td>≤ ${percent(row.target)}</td><td class="${row.mark.replace(' ', '-')}">${row.mark}</td></tr>`)
    .join('\n');
  return reportPage(
    `关键指标 KPIs ${period}`,
    'Warning accuracy = alerts confirmed at verify / alerts verified; core-customer churn = active core customers (a visit in the year before the period) whose case ended lost or refused in the period (Art. 24); breaches = deadlines missed, by the person responsible (Art. 26).',
    `<h2>核心顾客流失率 Core-customer churn</h2><table><tr><th>Store</th><th>Churned / active core</th><th>Rate</th><th>Target</th><th>Mark</th></tr>${churnRows}</table>
<h2>预警准确率 Warning accuracy</h2><table><tr><th>Store</th><th>Confirmed / verified</th><th>Accuracy</th><th>Target</th><th>Mark</th></tr>${accuracyRows}</table>
<h2>超时 Breaches</h2>${breaches.length ? `<table><tr><th>Person</th><th>Role</th><th>Breaches</th><th>By step</th></tr>${breachRows}</table>` : '<p>None this month.</p>'}`,
  );
}

export function kpiCsv(accuracy: readonly AccuracyRow[], churn: readonly CoreChurnRow[], breaches: readonly BreachRow[]): string {
  return csvFile(['kpi', 'subject', 'value', 'detail', 'target', 'mark'], [
    ...churn.map((row) => ['core_customer_churn', row.storeId, shareCell(row.rate), `${row.churned}/${row.activeCore}`, row.target, row.mark]),
    ...accuracy.map((row) => ['warning_accuracy', row.storeId, shareCell(row.accuracy), `${row.confirmed}/${row.verified}`, row.target, row.mark]),
    ...breaches.map((row) => ['breaches', `${row.person} (${row.role})`, row.breaches, Object.entries(row.byStep).map(([step, n]) => `${step}: ${n}`).join('; '), '', '']),
  ]);
}
