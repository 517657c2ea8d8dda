import { csvFile } from './csv-file.ts';
import { escapeHtml, reportPage } from './report-page.ts';

/** One reason for losing customers, with its count in each month of the window (oldest first). */
export interface ChurnReasonRow {
  outcome: 'refused' | 'lost';
  reason: string;
  byMonth: number[];
  total: number;
}

/**
 * The churn reason analysis (Art. 17): the reasons recorded when cases closed refused or lost,
 * grouped (a lost case's category; a refusal's stated cause, compared without case or extra
 * spaces), counted per month of the window so a trend shows, most frequent first.
 */
export function churnReasons(
  cases: ReadonlyArray<{ status: string; outcomeReason?: string; closedAt?: string }>,
  months: readonly string[],
): ChurnReasonRow[] {
  const rows = new Map<string, ChurnReasonRow>();
  for (const c of cases) {
    if (c.status !== 'refused' && c.status !== 'lost') continue;
    const month = months.indexOf(String(c.closedAt ?? '').slice(0, 7));
    if (month < 0) continue;
    const reason =
      String(c.outcomeReason ?? '')
        .trim()
        .replace(/\s+/g, ' ')
        .toLowerCase() || '(none given)';
    const key = `${c.status}#${reason}`;
    const row = rows.get(key) ?? { outcome: c.status, reason, byMonth: months.map(() => 0), total: 0 };
    row.byMonth[month] = (row.byMonth[month] ?? 0) + 1;
    row.total += 1;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => b.total - a.total || (a.reason < b.reason ? -1 : 1));
}

/** The page of this report (the frame every report shares). */
export function churnHtml(period: string, rows: readonly ChurnReasonRow[], months: readonly string[]): string {
  const lines = rows
    .map(
      (row) =>
        `<tr><td class="text">${row.outcome}</td><td class="text">${escapeHtml(row.reason)}</td>${row.byMonth.map((n) => `<td>${n}</td>`).join('')}<td>${row.total}</td></tr>`,
    )
    .join('\n');
  return reportPage(
    `流失原因 Churn reasons to ${period}`,
    'Reasons recorded when cases closed refused or lost (Art. 17), per month: the causes ops review for what they have in common.',
    rows.length
      ? `<table><tr><th>Outcome</th><th>Reason</th>${months.map((m) => `<th>${m}</th>`).join('')}<th>Total</th></tr>${lines}</table>`
      : '<p>No case closed refused or lost in these months.</p>',
  );
}

export function churnCsv(rows: readonly ChurnReasonRow[], months: readonly string[]): string {
  return csvFile(
    ['outcome', 'reason', ...months, 'total'],
    rows.map((row) => [row.outcome, row.reason, ...row.byMonth, row.total]),
  );
}
