import { DEQUEUED, hadCase } from '../alerts/alert-status.ts';
import { escapeHtml } from '../html/escape-html.ts';
import type { CoreChurnRow } from './core-churn.ts';
import { csvFile, shareCell } from './csv-file.ts';
import { type Interval, wilsonInterval } from './proportion-interval.ts';
import { headerRow, reportPage } from './report-page.ts';
import { COLUMN, markInWords, type PeopleInWords, stepInWords } from './report-wording.ts';

/**
 * Warning accuracy (Art. 24) per store, from the owners' own answers: of the response plans that
 * said whether the indicators are real, the share that said yes. A "no" closes the case as a false
 * alarm. With the number of answers it rests on and a Wilson interval: a store's month is often a
 * handful of cases.
 */
export interface AccuracyRow {
  storeId: string;
  /** Response plans that said whether the indicators are real. */
  answered: number;
  confirmed: number;
  accuracy: number | undefined;
  interval: Interval | undefined;
  target: number;
  mark: 'meets' | 'misses' | 'no cases';
}

/**
 * What happened to customers nobody worked, beside the owners' word: the hold-out group (cases
 * tracked, never contacted) closed in the period, and the share not back by the end of the window;
 * the alerts that waited in the queue and were never worked, and the share that came back on their
 * own (left the queue no longer at risk) so far.
 */
export interface OutcomeRow {
  storeId: string;
  holdoutClosed: number;
  holdoutLost: number;
  holdoutPrecision: number | undefined;
  holdoutInterval: Interval | undefined;
  queuedNeverWorked: number;
  queuedCameBack: number;
  queuedCameBackShare: number | undefined;
  queuedInterval: Interval | undefined;
}

export interface BreachRow {
  person: string;
  role: string;
  breaches: number;
  /** By the step whose deadline passed: response_plan, contact, approval, loss_reason. */
  byStep: Record<string, number>;
}

const STEP_ORDER = ['response_plan', 'contact', 'approval', 'loss_reason'];

const share = (k: number, n: number) => (n > 0 ? k / n : undefined);

export function warningAccuracy(
  alerts: ReadonlyArray<{ storeId: string; status: string; indicatorsConfirmed?: string }>,
  stores: readonly string[],
  target: number,
): AccuracyRow[] {
  return stores.map((storeId) => {
    const answered = alerts.filter(
      (alert) =>
        alert.storeId === storeId &&
        hadCase(alert) &&
        (alert.indicatorsConfirmed === 'yes' || alert.indicatorsConfirmed === 'no'),
    );
    const confirmed = answered.filter((alert) => alert.indicatorsConfirmed === 'yes').length;
    const accuracy = share(confirmed, answered.length);
    return {
      storeId,
      answered: answered.length,
      confirmed,
      accuracy,
      interval: wilsonInterval(confirmed, answered.length),
      target,
      mark: accuracy === undefined ? 'no cases' : accuracy >= target ? 'meets' : 'misses',
    };
  });
}

/** `identified`: the alerts raised in the period (the queue's); `closed`: the cases closed in it (the hold-out's). */
export function unworkedOutcomes(
  identified: ReadonlyArray<{ storeId: string; status: string }>,
  closed: ReadonlyArray<{ storeId: string; status: string; holdout?: boolean }>,
  stores: readonly string[],
): OutcomeRow[] {
  return stores.map((storeId) => {
    const held = closed.filter(
      (alert) =>
        alert.storeId === storeId &&
        alert.holdout === true &&
        (alert.status === 'lost' || alert.status === 'recovered'),
    );
    const lost = held.filter((alert) => alert.status === 'lost').length;
    const unworked = identified.filter((alert) => alert.storeId === storeId && !hadCase(alert));
    const cameBack = unworked.filter((alert) => alert.status === DEQUEUED).length;
    return {
      storeId,
      holdoutClosed: held.length,
      holdoutLost: lost,
      holdoutPrecision: share(lost, held.length),
      holdoutInterval: wilsonInterval(lost, held.length),
      queuedNeverWorked: unworked.length,
      queuedCameBack: cameBack,
      queuedCameBackShare: share(cameBack, unworked.length),
      queuedInterval: wilsonInterval(cameBack, unworked.length),
    };
  });
}

export function breachesByPerson(
  entries: ReadonlyArray<{ details?: { responsible?: string; role?: string; deadline?: string } }>,
): BreachRow[] {
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
  for (const row of rows.values())
    row.byStep = Object.fromEntries(
      Object.entries(row.byStep).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : 1)),
    );
  return [...rows.values()].sort((a, b) => b.breaches - a.breaches || (a.person < b.person ? -1 : 1));
}

/** The page of this report (the frame every report shares), Chinese first with the English beside it. */
export function kpiHtml(
  period: string,
  accuracy: readonly AccuracyRow[],
  churn: readonly CoreChurnRow[],
  breaches: readonly BreachRow[],
  outcomes: readonly OutcomeRow[],
  people: PeopleInWords,
): string {
  const percent = (value: number | undefined) => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);
  const range = (interval: Interval | undefined) =>
    interval === undefined ? '–' : `${percent(interval.low)}–${percent(interval.high)}`;
  const accuracyRows = accuracy
    .map(
      (row) =>
        `<tr><td class="text">${escapeHtml(row.storeId)}</td><td>${row.confirmed} / ${row.answered}</td><td>${percent(row.accuracy)}</td><td>${range(row.interval)}</td><td>${percent(row.target)}</td><td class="${row.mark.replace(' ', '-')}">${markInWords(row.mark)}</td></tr>`,
    )
    .join('\n');
  const outcomeRows = outcomes
    .map(
      (row) =>
        `<tr><td class="text">${escapeHtml(row.storeId)}</td><td>${row.holdoutLost} / ${row.holdoutClosed}</td><td>${percent(row.holdoutPrecision)}</td><td>${range(row.holdoutInterval)}</td><td>${row.queuedCameBack} / ${row.queuedNeverWorked}</td><td>${percent(row.queuedCameBackShare)}</td><td>${range(row.queuedInterval)}</td></tr>`,
    )
    .join('\n');
  const breachRows = breaches
    .map(
      (row) =>
        `<tr><td class="text">${escapeHtml(people.person(row.person))}</td><td class="text">${escapeHtml(people.role(row.role))}</td><td>${row.breaches}</td><td class="text">${escapeHtml(
          Object.entries(row.byStep)
            .map(([step, n]) => `${stepInWords(step)}：${n}`)
            .join('；'),
        )}</td></tr>`,
    )
    .join('\n');
  const churnRows = churn
    .map(
      (row) =>
        `<tr><td class="text">${escapeHtml(row.storeId)}</td><td>${row.churned} / ${row.activeCore}</td><td>${percent(row.rate)}</td><td>≤ ${percent(row.target)}</td><td class="${row.mark.replace(' ', '-')}">${markInWords(row.mark)}</td></tr>`,
    )
    .join('\n');
  return reportPage(
    `关键指标 KPIs ${period}`,
    '预警准确率 = 负责人确认指标属实的响应计划 / 作答的响应计划（答"否"则个案按误报结案），附95% Wilson区间；旁边是无人跟进的顾客的结果：对照组在追踪期结束时仍未回店的，以及在队列中从未跟进、至今自行回店的排队预警；核心顾客流失率 = 活跃核心顾客（本期前一年内有到店）中个案在本期以流失或拒绝结束的比例（第24条）；超时 = 按负责人统计的错过期限（第26条）。<br>Warning accuracy = response plans whose owner confirmed the indicators are real / response plans answered (a "no" closes the case as a false alarm), with a 95% Wilson interval; beside it what happened to customers nobody worked: the hold-out group not back by the end of the window, and queued alerts never worked whose customer came back on their own so far; core-customer churn = active core customers (a visit in the year before the period) whose case ended lost or refused in the period (Art. 24); breaches = deadlines missed, by the person responsible (Art. 26).',
    `<h2>核心顾客流失率 Core-customer churn</h2><table>${headerRow([
      COLUMN.store,
      '流失 / 活跃核心顾客 Churned / active core',
      '流失率 Rate',
      COLUMN.target,
      COLUMN.mark,
    ])}${churnRows}</table>
<h2>预警准确率 Warning accuracy</h2><table>${headerRow([
      COLUMN.store,
      '确认 / 作答 Confirmed / answered',
      '准确率 Accuracy',
      COLUMN.interval,
      COLUMN.target,
      COLUMN.mark,
    ])}${accuracyRows}</table>
<h2>无人跟进的结果 Customers nobody worked</h2><table>${headerRow([
      COLUMN.store,
      '对照组未回店 / 结案 Hold-out not back / closed',
      COLUMN.share,
      COLUMN.interval,
      '排队未跟进、自行回店 / 从未跟进 Queued, came back on their own / never worked',
      COLUMN.share,
      COLUMN.interval,
    ])}${outcomeRows}</table>
<h2>超时 Breaches</h2>${
      breaches.length
        ? `<table>${headerRow(['负责人 Person', '角色 Role', '超时次数 Breaches', '按步骤 By step'])}${breachRows}</table>`
        : '<p>本月没有超时。None this month.</p>'
    }`,
  );
}

export function kpiCsv(
  accuracy: readonly AccuracyRow[],
  churn: readonly CoreChurnRow[],
  breaches: readonly BreachRow[],
  outcomes: readonly OutcomeRow[] = [],
): string {
  return csvFile(
    ['kpi', 'subject', 'value', 'detail', 'target', 'mark'],
    [
      ...churn.map((row) => [
        'core_customer_churn',
        row.storeId,
        shareCell(row.rate),
        `${row.churned}/${row.activeCore}`,
        row.target,
        row.mark,
      ]),
      ...accuracy.map((row) => [
        'warning_accuracy',
        row.storeId,
        shareCell(row.accuracy),
        `${row.confirmed}/${row.answered}${row.interval ? ` (95%: ${shareCell(row.interval.low)}-${shareCell(row.interval.high)})` : ''}`,
        row.target,
        row.mark,
      ]),
      ...outcomes.map((row) => [
        'holdout_not_back',
        row.storeId,
        shareCell(row.holdoutPrecision),
        `${row.holdoutLost}/${row.holdoutClosed}`,
        '',
        '',
      ]),
      ...outcomes.map((row) => [
        'queued_came_back_on_their_own',
        row.storeId,
        shareCell(row.queuedCameBackShare),
        `${row.queuedCameBack}/${row.queuedNeverWorked}`,
        '',
        '',
      ]),
      ...breaches.map((row) => [
        'breaches',
        `${row.person} (${row.role})`,
        row.breaches,
        Object.entries(row.byStep)
          .map(([step, n]) => `${step}: ${n}`)
          .join('; '),
        '',
        '',
      ]),
    ],
  );
}
