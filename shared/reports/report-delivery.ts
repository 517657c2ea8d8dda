import { escapeHtml } from '../html/escape-html.ts';
import type { Policy } from '../policy/policy-schema.ts';
import type { StaffDirectory, StaffPerson } from '../staff/staff-directory.ts';
import type { ReportDocument } from './report-document.ts';
import type { ReportKind } from './report-kind.ts';

/** People who receive the same copy of a report: the whole chain, or the rows of the stores they are staffed for. */
export interface RecipientGroup {
  /** Undefined: the whole chain. */
  stores: string[] | undefined;
  people: StaffPerson[];
  /** Names the copy in storage and in the delivery record: "chain" or "S1+S2". */
  scope: string;
}

/**
 * Who gets a report (the policy's audience by role, active people only) and which copy: a person
 * over every store sees the chain, anyone else only their stores' rows, so a store manager never
 * receives another store's customers.
 */
export function recipientGroups(
  kind: ReportKind,
  policy: Pick<Policy, 'reports'>,
  staff: StaffDirectory,
): RecipientGroup[] {
  const roles = new Set(policy.reports.audience[kind] ?? []);
  const groups = new Map<string, RecipientGroup>();
  for (const holder of staff.people()) {
    if (!holder.active || !roles.has(holder.role)) continue;
    // While mail to someone bounces, their deputy gets their copy (the same stores' rows).
    const person = { ...staff.standIn(holder), stores: holder.stores };
    const stores = person.stores.includes('*') ? undefined : [...person.stores].sort();
    const scope = stores ? stores.join('+') : 'chain';
    const group = groups.get(scope) ?? { stores, people: [], scope };
    group.people.push(person);
    groups.set(scope, group);
  }
  return [...groups.values()].sort((a, b) =>
    a.scope === 'chain' ? -1 : b.scope === 'chain' ? 1 : a.scope < b.scope ? -1 : 1,
  );
}

/** Where a copy is kept: one key per kind, period and scope, so running a period again replaces it rather than adding one. */
export function reportKey(
  document: Pick<ReportDocument, 'kind' | 'period'>,
  scope: string,
  extension: 'csv' | 'html',
): string {
  return `reports/${document.kind}/${document.period}/${reportFileName(document, scope, extension)}`;
}

/** A copy's file name, as the email attaches it and storage keeps it. */
export function reportFileName(
  document: Pick<ReportDocument, 'kind' | 'period'>,
  scope: string,
  extension: 'csv' | 'html',
): string {
  return `${document.kind}-${document.period}-${scope}.${extension}`;
}

/** The email a report goes out in: the headline numbers in the body, the CSV and the page attached. */
export function reportEmail(document: ReportDocument, group: RecipientGroup) {
  // Staff read Chinese first, English beside it.
  const scopeNote = group.stores ? `门店 Stores: ${group.stores.join(', ')}` : '全部门店 All stores';
  const file = (extension: 'csv' | 'html') => reportFileName(document, group.scope, extension);
  const attached = `附件 Attached: ${file('csv')}（可用 Excel 打开 opens in Excel）、${file('html')}（含图表的页面 the page with its charts）。`;
  return {
    to: [...new Set(group.people.map((person) => person.email))],
    subject: `[Winback] ${document.title}`,
    text: `${document.title}\n${scopeNote}\n\n${document.headline.map((line) => `- ${line}`).join('\n')}\n\n${attached}\n`,
    html: `<h2>${escapeHtml(document.title)}</h2><p>${escapeHtml(scopeNote)}</p><ul>${document.headline.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul><p>${escapeHtml(attached)}</p>`,
    attachments: [
      { filename: file('csv'), content: document.csv, contentType: 'text/csv; charset=utf-8' },
      { filename: file('html'), content: document.html, contentType: 'text/html; charset=utf-8' },
    ],
  };
}
