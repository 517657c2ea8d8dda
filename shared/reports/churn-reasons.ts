import { LOSS_CATEGORIES, type LossCategory } from '../cases/loss-categories.ts';
import { escapeHtml } from '../html/escape-html.ts';
import { ERASED_REASON } from '../privacy/erasure-plan.ts';
import type { StaffWords } from '../time/staff-time.ts';
import { csvFile } from './csv-file.ts';
import { headerRow, reportPage } from './report-page.ts';
import { COLUMN, sideBySide, statusInWords } from './report-wording.ts';

/** One reason for losing customers, with its count in each month of the window (oldest first). */
export interface ChurnReasonRow {
  outcome: 'refused' | 'lost';
  reason: string;
  byMonth: number[];
  total: number;
}

/** A case closed refused or lost with no reason recorded. */
const NO_REASON = '(none given)';

/**
 * A reason as staff read it: a lost case's category by its words (as the loss-reason page offers
 * it), a refusal's cause as the owner wrote it. The id stays in the CSV.
 */
export function reasonWords(row: Pick<ChurnReasonRow, 'outcome' | 'reason'>): StaffWords {
  if (row.outcome === 'lost' && Object.hasOwn(LOSS_CATEGORIES, row.reason))
    return LOSS_CATEGORIES[row.reason as LossCategory];
  if (row.reason === ERASED_REASON) return { zh: '（顾客已要求删除，原话不再保留）', en: '(erased on request)' };
  if (row.reason === NO_REASON) return { zh: '（未填写）', en: '(none given)' };
  return { zh: row.reason, en: row.reason };
}

/** "搬走了 Moved away"; a cause written once is shown once. */
export const reasonInWords = (row: Pick<ChurnReasonRow, 'outcome' | 'reason'>): string => sideBySide(reasonWords(row));

/**
 * The churn reason analysis (Art. 17): the reasons recorded when cases closed refused or lost
 * (not the hold-out group's, whom nobody contacted),
 * grouped (a lost case's category; a refusal's stated cause, compared without case or extra
 * spaces), counted per month of the window so a trend shows, most frequent first.
 */
export function churnReasons(
  cases: ReadonlyArray<{ status: string; outcomeReason?: string; closedAt?: string; holdout?: boolean }>,
  months: readonly string[],
): ChurnReasonRow[] {
  const rows = new Map<string, ChurnReasonRow>();
  for (const c of cases) {
    if (c.status !== 'refused' && c.status !== 'lost') continue;
    // A held-out customer was never contacted: the system's "no visit" is no reason anyone recorded.
    if (c.holdout) continue;
    const month = months.indexOf(String(c.closedAt ?? '').slice(0, 7));
    if (month < 0) continue;
    const reason =
      String(c.outcomeReason ?? '')
        .trim()
        .replace(/\s+/g, ' ')
        .toLowerCase() || NO_REASON;
    const key = `${c.status}#${reason}`;
    const row = rows.get(key) ?? { outcome: c.status, reason, byMonth: months.map(() => 0), total: 0 };
    row.byMonth[month] = (row.byMonth[month] ?? 0) + 1;
    row.total += 1;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => b.total - a.total || (a.reason < b.reason ? -1 : 1));
}

/** The page of this report (the frame every report shares): outcomes and reasons in words, Chinese first. */
export function churnHtml(period: string, rows: readonly ChurnReasonRow[], months: readonly string[]): string {
  const lines = rows
    .map(
      (row) =>
        `<tr><td class="text">${escapeHtml(statusInWords(row.outcome))}</td><td class="text">${escapeHtml(reasonInWords(row))}</td>${row.byMonth.map((n) => `<td>${n}</td>`).join('')}<td>${row.total}</td></tr>`,
    )
    .join('\n');
  return reportPage(
    `流失原因 Churn reasons to ${period}`,
    '个案以顾客拒绝或流失结案时记录的原因（第17条），按月统计：供运营找出其中的共性问题。<br>Reasons recorded when cases closed refused or lost (Art. 17), per month: the causes ops review for what they have in common.',
    rows.length
      ? `<table>${headerRow(['结果 Outcome', '原因 Reason', ...months, COLUMN.total])}${lines}</table>`
      : '<p>这几个月没有以顾客拒绝或流失结案的个案。No case closed refused or lost in these months.</p>',
  );
}

export function churnCsv(rows: readonly ChurnReasonRow[], months: readonly string[]): string {
  return csvFile(
    ['outcome', 'reason', ...months, 'total'],
    rows.map((row) => [row.outcome, row.reason, ...row.byMonth, row.total]),
  );
}
