import { hadCase } from '../alerts/alert-status.ts';
import { maskedCustomer } from '../cases/execution-name.ts';
import { escapeHtml } from '../html/escape-html.ts';
import type { PlacedAlert } from '../queue/opening-plan.ts';
import { csvFile } from './csv-file.ts';
import { headerRow, reportPage } from './report-page.ts';
import { COLUMN } from './report-wording.ts';

/** One store's week (Art. 11): what the scans raised, what is open, what falls due, what was missed. */
export interface WeeklyRow {
  storeId: string;
  /** New alerts this week, levels 1, 2, 3. */
  newByLevel: [number, number, number];
  /** Cases open at the week's end. */
  openCases: number;
  /** Alerts waiting in the work queue at the week's end: at risk, no case yet. */
  queued: number;
  /** Open cases whose first contact falls due in the week after. */
  dueNextWeek: number;
  breaches: number;
}

/** An alert as the week's figures read it: when its case opened and ended, if it had one. */
export interface WeeklyAlert {
  customerId: string;
  alertId: string;
  storeId: string;
  level: number;
  identifiedAt: string;
  status: string;
  openedAt?: string;
  closedAt?: string;
  failedAt?: string;
  deadlines?: { firstContactBy?: string };
}

/** When the alert's case opened: alerts raised before the work queue opened as they were raised. */
const caseOpenedAt = (alert: WeeklyAlert): string | undefined =>
  hadCase(alert) ? (alert.openedAt ?? alert.identifiedAt) : undefined;
const STILL_OPEN = new Set(['queued', 'open', 'in_progress']);
/**
 * When it stopped being worked or waiting: closed, failed, or taken out of the queue. A record
 * closed without a recorded time (written before the time was kept) counts as ended long ago.
 */
const endedAt = (alert: WeeklyAlert): string | undefined =>
  alert.closedAt ?? alert.failedAt ?? (STILL_OPEN.has(alert.status) ? undefined : '');

/** A case open at the instant `at` (a local date or instant of the policy's zone): opened before it, not ended by it. */
export function openAt(alert: WeeklyAlert, at: string): boolean {
  const opened = caseOpenedAt(alert);
  const ended = endedAt(alert);
  return opened !== undefined && opened < at && (ended === undefined || ended >= at);
}

/** An alert waiting in the work queue at `at`: raised before it, its case not yet opened, not taken out. */
export function queuedAt(alert: WeeklyAlert, at: string): boolean {
  const opened = caseOpenedAt(alert);
  const ended = endedAt(alert);
  return alert.identifiedAt < at && (opened === undefined || opened >= at) && (ended === undefined || ended >= at);
}

/**
 * The weekly store summary over [weekStart, weekEnd) and the week after, read from the recorded
 * alerts and breaches, as things stood at the week's end: a past week's report says what was open
 * and waiting then, not today. Dates are the policy's local ISO dates ("2026-11-23"), so instants
 * written in the policy's time zone compare as strings.
 */
export function weeklySummary(
  alerts: readonly WeeklyAlert[],
  breaches: ReadonlyArray<{ caseKey: string; at: string }>,
  stores: readonly string[],
  week: { start: string; end: string; nextEnd: string },
): WeeklyRow[] {
  const storeOfCase = new Map(alerts.map((alert) => [`${alert.customerId}#${alert.alertId}`, alert.storeId]));
  const inWeek = (at: string) => at >= week.start && at < week.end;
  return stores.map((storeId) => {
    const mine = alerts.filter((alert) => alert.storeId === storeId);
    const fresh = mine.filter((alert) => inWeek(alert.identifiedAt));
    const open = mine.filter((alert) => openAt(alert, week.end));
    const due = open.filter((alert) => {
      const by = alert.deadlines?.firstContactBy ?? '';
      return by >= week.end && by < week.nextEnd;
    });
    return {
      storeId,
      newByLevel: [1, 2, 3].map((level) => fresh.filter((alert) => alert.level === level).length) as [
        number,
        number,
        number,
      ],
      openCases: open.length,
      queued: mine.filter((alert) => queuedAt(alert, week.end)).length,
      dueNextWeek: due.length,
      breaches: breaches.filter((entry) => inWeek(entry.at) && storeOfCase.get(entry.caseKey) === storeId).length,
    };
  });
}

/** How many of a store's waiting alerts the page lists; the risk list has them all. */
const WAITING_SHOWN = 20;

/** How the waiting list names a customer and an owner: masked with a keyed reference, and by name (shared/reports/build-report.ts). */
export interface WaitingNames {
  customerLabel?: (customerId: string) => string;
  ownerName?: (placed: PlacedAlert) => string;
}

/** The page of this report (the frame every report shares), with the head of each store's work queue; Chinese first, English beside it. */
export function weeklyHtml(
  start: string,
  rows: readonly WeeklyRow[],
  waiting: readonly PlacedAlert[] = [],
  {
    customerLabel = maskedCustomer,
    ownerName = (placed) => `${placed.owner} (${placed.ownerRole})`,
  }: WaitingNames = {},
): string {
  const lines = rows
    .map(
      (row) =>
        `<tr><td class="text">${escapeHtml(row.storeId)}</td>${[...row.newByLevel, row.openCases, row.queued, row.dueNextWeek, row.breaches].map((n) => `<td>${n}</td>`).join('')}</tr>`,
    )
    .join('\n');
  // The lines as they stand now, whatever week the report is for: a place in line is only worth knowing today.
  const queues = rows
    .map((row) => {
      const mine = waiting
        .filter((placed) => placed.storeId === row.storeId)
        .sort((a, b) => a.position - b.position || (a.owner < b.owner ? -1 : 1));
      if (mine.length === 0) return '';
      const shown = mine
        .slice(0, WAITING_SHOWN)
        .map(
          (placed) =>
            `<tr><td>${placed.position}</td><td class="text">${escapeHtml(customerLabel(placed.customerId))}</td><td>${placed.level}</td><td>¥${placed.priority.toFixed(2)}</td><td class="text">${escapeHtml(ownerName(placed))}</td><td class="text">${escapeHtml(placed.identifiedAt.slice(0, 10))}</td></tr>`,
        )
        .join('\n');
      const more =
        mine.length > WAITING_SHOWN
          ? `<p>…另有 ${mine.length - WAITING_SHOWN} 条（流失风险名单列出全部）and ${mine.length - WAITING_SHOWN} more (the risk list has them all).</p>`
          : '';
      return `<h2>当前排队预警 Waiting for an owner now · ${escapeHtml(row.storeId)} (${mine.length})</h2><table>${headerRow(['位置 Place', COLUMN.customer, COLUMN.level, COLUMN.atStake, '负责人 Owner', '预警日期 Since'])}${shown}</table>${more}`;
    })
    .join('\n');
  return reportPage(
    `门店周报 Weekly store summary ${start}`,
    "本周按等级新增的预警；周末时未结的个案和在工作队列中等待有空余名额负责人的预警；下周到期的首次联系；本周超时的期限（第11条）。下方的队列为当前情况。位置：在负责人队列中的位置（3级优先，其次风险价值高者：流失的可能乘以顾客在政策期限内的消费）。<br>New alerts by level this week; cases open and alerts waiting in the work queue for an owner with room at the week's end; first contacts due the week after; deadlines missed this week (Art. 11). The lines below are as they stand now. Place: in the owner's line (level 3 first, then most at stake: the risk of losing the customer times what they would spend over the policy horizon).",
    `<table>${headerRow([
      COLUMN.store,
      '新增1级 New L1',
      '新增2级 New L2',
      '新增3级 New L3',
      COLUMN.open,
      '排队 Queued',
      '下周到期的首次联系 Due next week',
      COLUMN.breaches,
    ])}${lines}</table>${queues}`,
  );
}

export function weeklyCsv(rows: readonly WeeklyRow[]): string {
  return csvFile(
    ['store', 'newLevel1', 'newLevel2', 'newLevel3', 'openCases', 'firstContactDueNextWeek', 'breaches', 'queued'],
    rows.map((row) => [row.storeId, ...row.newByLevel, row.openCases, row.dueNextWeek, row.breaches, row.queued]),
  );
}
