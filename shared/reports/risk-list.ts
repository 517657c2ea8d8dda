import { maskedCustomer } from '../cases/execution-name.ts';
import type { PlacedAlert } from '../queue/opening-plan.ts';
import type { RiskEntry } from '../scan/scan-segment.ts';
import { csvFile } from './csv-file.ts';
import { escapeHtml, reportPage } from './report-page.ts';

export interface RiskListRow {
  storeId: string;
  /** Masked, with a reference that tells customers sharing a mask apart: the list is printed and passed around a store. */
  customer: string;
  level: number;
  indicators: string;
  owner: string;
  caseStatus: string;
  firstContactBy: string;
  /** What is at stake if the customer is lost (yuan over the policy horizon), as the screening worked it out; undefined on lists kept before the queue. */
  priority: number | undefined;
  /** For an alert waiting in the work queue: its place in its owner's line now (1 = next to open). */
  queuePosition: number | undefined;
}

/**
 * The monthly risk list a store manager works from (Art. 11): every at-risk customer of the
 * screening, most serious first (then most at stake), with the evidence, the owner, where the case
 * stands now and, for an alert still waiting for an owner with room, its place in the line.
 */
export function riskListRows(
  entries: readonly RiskEntry[],
  alerts: ReadonlyMap<string, Record<string, any>>,
  waiting: ReadonlyMap<string, PlacedAlert> = new Map(),
  // The customer as staff tell them apart (masked, with a keyed reference: shared/privacy/customer-reference.ts); the mask alone without the key.
  customerLabel: (customerId: string) => string = maskedCustomer,
): RiskListRow[] {
  return entries
    .map((entry) => {
      const alert = alerts.get(`${entry.customerId}#${entry.alertId}`);
      return {
        storeId: entry.storeId,
        customer: customerLabel(entry.customerId),
        level: entry.level,
        indicators: entry.indicators
          .map((finding) => `${finding.core ? '*' : ''}${finding.id}: ${finding.evidence}`)
          .join(' | '),
        owner: String(alert?.ownerDepartment ?? ''),
        caseStatus: String(alert?.status ?? 'unknown'),
        firstContactBy: String(alert?.deadlines?.firstContactBy ?? ''),
        priority: entry.priority,
        queuePosition: waiting.get(`${entry.customerId}#${entry.alertId}`)?.position,
      };
    })
    .sort(
      (a, b) =>
        (a.storeId !== b.storeId ? (a.storeId < b.storeId ? -1 : 1) : 0) ||
        b.level - a.level ||
        (b.priority ?? 0) - (a.priority ?? 0) ||
        (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0),
    );
}

/** The risk list as a page: one table per store, most serious first. */
export function riskListHtml(period: string, runId: string | undefined, rows: readonly RiskListRow[]): string {
  const stores = [...new Set(rows.map((row) => row.storeId))];
  const body = stores.length
    ? stores
        .map((storeId) => {
          const lines = rows
            .filter((row) => row.storeId === storeId)
            .map(
              (row) =>
                `<tr><td class="text">${escapeHtml(row.customer)}</td><td>${row.level}</td><td class="text">${escapeHtml(row.indicators)}</td><td class="text">${escapeHtml(row.owner)}</td><td class="text">${escapeHtml(row.caseStatus)}</td><td>${escapeHtml(row.firstContactBy)}</td><td>${row.priority === undefined ? '' : `¥${row.priority.toFixed(2)}`}</td><td>${row.queuePosition ?? ''}</td></tr>`,
            )
            .join('\n');
          return `<h2>门店 Store ${escapeHtml(storeId)}</h2><table><tr><th>Customer</th><th>Level</th><th>Indicators (* core)</th><th>Owner</th><th>Case</th><th>First contact by</th><th>At stake</th><th>Place in queue</th></tr>${lines}</table>`;
        })
        .join('\n')
    : '<p>这个月没有筛查记录。No screening was kept for this month.</p>';
  return reportPage(
    `流失风险名单 Risk list ${period}`,
    `From the monthly screening ${escapeHtml(runId ?? '(none)')} (Art. 11); customers masked. At stake: the risk of losing the customer times what they would spend over the policy horizon. Place in queue: for a case not opened yet (queued), its place in the owner's line now (level 3 first, then most at stake).`,
    body,
  );
}

export function riskListCsv(rows: readonly RiskListRow[]): string {
  return csvFile(
    ['store', 'customer', 'level', 'indicators', 'owner', 'caseStatus', 'firstContactBy', 'priority', 'queuePosition'],
    rows.map((row) => [
      row.storeId,
      row.customer,
      row.level,
      row.indicators,
      row.owner,
      row.caseStatus,
      row.firstContactBy,
      row.priority ?? '',
      row.queuePosition ?? '',
    ]),
  );
}
