import { csvFile } from './csv-file.ts';
import { escapeHtml, reportPage } from './report-page.ts';

/** One store's week (Art. 11): what the scans raised, what is open, what falls due, what was missed. */
export interface WeeklyRow {
  storeId: string;
  /** New alerts this week, levels 1, 2, 3. */
  newByLevel: [number, number, number];
  openCases: number;
  /** Open cases whose first contact falls due in the week after. */
  dueNextWeek: number;
  breaches: number;
}

const OPEN = new Set(['open', 'in_progress']);

/**
 * The weekly store summary over [weekStart, weekEnd) and the week after, read from the recorded
 * alerts and breaches. Dates are the policy's local ISO dates ("2026-11-23"), so instants written
 * in the policy's time zone compare as strings.
 */
export function weeklySummary(
  alerts: ReadonlyArray<{ customerId: string; alertId: string; storeId: string; level: number; identifiedAt: string; status: string; deadlines?: { firstContactBy?: string } }>,
  breaches: ReadonlyArray<{ caseKey: string; at: string }>,
  stores: readonly string[],
  week: { start: string; end: string; nextEnd: string },
): WeeklyRow[] {
  const storeOfCase = new Map(alerts.map((alert) => [`${alert.customerId}#${alert.alertId}`, alert.storeId]));
  const inWeek = (at: string) => at >= week.start && at < week.end;
  return stores.map((storeId) => {
    const mine = alerts.filter((alert) => alert.storeId === storeId);
    const fresh = mine.filter((alert) => inWeek(alert.identifiedAt));
    const open = mine.filter((alert) => OPEN.has(alert.status));
    const due = open.filter((alert) => {
      const by = alert.deadlines?.firstContactBy ?? '';
      return by >= week.end && by < week.nextEnd;
    });
    return {
      storeId,
      newByLevel: [1, 2, 3].map((level) => fresh.filter((alert) => alert.level === level).length) as [number, number, number],
      openCases: open.length,
      dueNextWeek: due.length,
      breaches: breaches.filter((entry) => inWeek(entry.at) && storeOfCase.get(entry.caseKey) === storeId).length,
    };
  });
}

/** The page of this report (the frame every report shares). */
export function weeklyHtml(start: string, rows: readonly WeeklyRow[]): string {
  const lines = rows.map((row) => `<tr><td class="text">${escapeHtml(row.storeId)}</td>${[...row.newByLevel, row.openCases, row.dueNextWeek, row.breaches].map((n) => `<td>${n}</td>`).join('')}</tr>`).join('\n');
  return reportPage(
    `门店周报 Weekly store summary ${start}`,
    'New alerts by level this week, cases open now, first contacts due next week, deadlines missed this week (Art. 11).',
    `<table><tr><th>Store</th><th>New L1</th><th>New L2</th><th>New L3</th><th>Open</th><th>Due next week</th><th>Breaches</th></tr>${lines}</table>`,
  );
}

export function weeklyCsv(rows: readonly WeeklyRow[]): string {
  return csvFile(
    ['store', 'newLevel1', 'newLevel2', 'newLevel3', 'openCases', 'firstContactDueNextWeek', 'breaches'],
    rows.map((row) => [row.storeId, ...row.newByLevel, row.openCases, row.dueNextWeek, row.breaches]),
  );
}
