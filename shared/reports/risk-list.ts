import { z } from 'zod';
import { maskedCustomer } from '../cases/execution-name.ts';
import { escapeHtml } from '../html/escape-html.ts';
import type { Policy } from '../policy/policy-schema.ts';
import type { PlacedAlert } from '../queue/opening-plan.ts';
import type { RiskEntry } from '../scan/scan-segment.ts';
import { deadlineInWords } from '../time/staff-time.ts';
import { csvFile } from './csv-file.ts';
import { headerRow, reportPage } from './report-page.ts';
import { COLUMN, indicatorInWords, statusInWords } from './report-wording.ts';

export interface RiskListRow {
  storeId: string;
  /** Masked, with a reference that tells customers sharing a mask apart: the list is printed and passed around a store. */
  customer: string;
  level: number;
  /** Each indicator by the policy's name, core marked, with its evidence (Chinese first, English beside it). */
  indicators: string[];
  owner: string;
  caseStatus: string;
  firstContactBy: string;
  /** What is at stake if the customer is lost (yuan over the policy horizon), as the screening worked it out; undefined on lists kept before the queue. */
  priority: number | undefined;
  /** For an alert waiting in the work queue: its place in its owner's line now (1 = next to open). */
  queuePosition: number | undefined;
}

/** What the list reads of the alert a row points to, as the Alerts table keeps it. */
const listedAlert = z.object({
  ownerDepartment: z.string().optional(),
  status: z.string().optional(),
  deadlines: z.object({ firstContactBy: z.string().optional() }).optional(),
});

/**
 * The monthly risk list a store manager works from (Art. 11): every at-risk customer of the
 * screening, most serious first (then most at stake), with the evidence, the owner, where the case
 * stands now and, for an alert still waiting for an owner with room, its place in the line.
 */
export function riskListRows(
  entries: readonly RiskEntry[],
  alerts: ReadonlyMap<string, Record<string, unknown>>,
  {
    policy,
    waiting = new Map(),
    // The customer as staff tell them apart (masked, with a keyed reference: shared/privacy/customer-reference.ts); the mask alone without the key.
    customerLabel = maskedCustomer,
  }: {
    policy: Pick<Policy, 'indicators'>;
    waiting?: ReadonlyMap<string, PlacedAlert>;
    customerLabel?: (customerId: string) => string;
  },
): RiskListRow[] {
  return entries
    .map((entry) => {
      // A row whose alert is gone or unreadable still lists the customer, its case shown as unknown.
      const alert = listedAlert.safeParse(alerts.get(`${entry.customerId}#${entry.alertId}`)).data;
      return {
        storeId: entry.storeId,
        customer: customerLabel(entry.customerId),
        level: entry.level,
        indicators: entry.indicators.map((finding) => indicatorInWords(finding, policy)),
        owner: alert?.ownerDepartment ?? '',
        caseStatus: alert?.status ?? 'unknown',
        firstContactBy: alert?.deadlines?.firstContactBy ?? '',
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

/** The risk list as a page: one table per store, most serious first, Chinese first with English beside it. */
export function riskListHtml(
  period: string,
  runId: string | undefined,
  rows: readonly RiskListRow[],
  policy: Pick<Policy, 'timeZone'>,
): string {
  const stores = [...new Set(rows.map((row) => row.storeId))];
  const header = headerRow([
    COLUMN.customer,
    COLUMN.level,
    '预警指标 Indicators',
    '负责部门 Owner',
    '个案状态 Case',
    '首次联系截止 First contact by',
    COLUMN.atStake,
    '排队位置 Place in queue',
  ]);
  const body = stores.length
    ? stores
        .map((storeId) => {
          const lines = rows
            .filter((row) => row.storeId === storeId)
            .map(
              (row) =>
                `<tr><td class="text">${escapeHtml(row.customer)}</td><td>${row.level}</td><td class="text">${row.indicators.map(escapeHtml).join('<br>')}</td><td class="text">${escapeHtml(row.owner)}</td><td class="text">${escapeHtml(statusInWords(row.caseStatus))}</td><td class="text">${row.firstContactBy ? escapeHtml(deadlineInWords(row.firstContactBy, policy.timeZone).zh) : ''}</td><td>${row.priority === undefined ? '' : `¥${row.priority.toFixed(2)}`}</td><td>${row.queuePosition ?? ''}</td></tr>`,
            )
            .join('\n');
          return `<h2>门店 Store ${escapeHtml(storeId)}</h2><table>${header}${lines}</table>`;
        })
        .join('\n')
    : '<p>这个月没有筛查记录。No screening was kept for this month.</p>';
  return reportPage(
    `流失风险名单 Risk list ${period}`,
    `来自月度筛查 ${escapeHtml(runId ?? '（无 none）')}（第11条），顾客已打码；[核心 core] 为核心指标。风险价值：流失的可能乘以顾客在政策期限内的消费。排队位置：尚未开案（排队中）的预警在负责人队列中的位置（3级优先，其次风险价值高者）。<br>From the monthly screening ${escapeHtml(runId ?? '(none)')} (Art. 11); customers masked; [核心 core] marks a core indicator. At stake: the risk of losing the customer times what they would spend over the policy horizon. Place in queue: for a case not opened yet (queued), its place in the owner's line now (level 3 first, then most at stake).`,
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
      row.indicators.join(' | '),
      row.owner,
      row.caseStatus,
      row.firstContactBy,
      row.priority ?? '',
      row.queuePosition ?? '',
    ]),
  );
}
