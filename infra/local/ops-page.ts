import {
  DescribeExecutionCommand,
  type ExecutionListItem,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import { scanItems } from '#shared/adapters/dynamodb/scan-items.ts';
import { loadStaffDirectory } from '#shared/adapters/dynamodb/staff-store.ts';
import type { TableNames } from '#shared/adapters/table-specs.ts';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import { escapeHtml } from '#shared/html/escape-html.ts';
import type { Policy } from '#shared/policy/policy-schema.ts';
import { queueLines } from '#shared/queue/queue-lines.ts';
import { deadlineInWords, momentInWords } from '#shared/time/staff-time.ts';

export interface OpsSources {
  sfn: SFNClient;
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  caseStateMachineArn: string;
  scanStateMachineArn: string;
  clock: () => { now: number; scale: number };
  /** The policy time a real instant stood for (executions and their histories carry real time). */
  policyAt?: (wallMs: number) => number;
  timeZone: string;
  /** The chain's policy: owners and capacity, for the work queue. */
  policy: Policy;
}

/** How many waiting alerts the page lists (the whole queue is on the risk list). */
const WAITING_LISTED = 100;
/** Cases a page of the list shows. */
export const PAGE_SIZE = 50;
const FINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

/** What an execution's input and end say; never changes once read (input) or once it ended (the rest). */
interface Known {
  customerId?: string;
  alertId?: string;
  storeId?: string;
  level?: number;
  error?: string;
  cause?: string;
  final: boolean;
}

export interface CaseRow {
  executionArn: string;
  name: string;
  status: string;
  level?: number;
  storeId?: string;
  /** Masked: the full id is only ever matched, never shown. */
  customer?: string;
  currentState?: string;
  nextDeadline?: string;
  overdue?: boolean;
  startDate?: Date;
  stopDate?: Date;
  /** Why it failed, with the customer's id masked. */
  failure?: string;
}

export interface CaseFilter {
  status?: string;
  store?: string;
  level?: string;
  state?: string;
  overdue?: boolean;
  /** A full customer id or alert id (matched exactly), or part of a masked id or execution name. */
  q?: string;
  page?: number;
}

/** Where a case stands, from its history: the state it last entered and that state's deadline, if it waits on one. */
export function whereItStands(events: readonly HistoryEvent[]): {
  currentState?: string;
  nextDeadline?: string;
  reminder?: number;
} {
  for (let i = events.length - 1; i >= 0; i--) {
    const entered = events[i]?.stateEnteredEventDetails;
    if (entered === undefined) continue;
    const input = JSON.parse(entered.input ?? '{}') as { wait?: { dueBy?: string; reminder?: number } };
    const waits = /^Await/.test(entered.name ?? '');
    const wait = waits ? input.wait : undefined;
    return {
      currentState: entered.name,
      ...(wait?.dueBy ? { nextDeadline: wait.dueBy } : {}),
      ...(wait?.reminder ? { reminder: wait.reminder } : {}),
    };
  }
  return {};
}

/** Text that may carry the customer's id (an error's cause), with it masked and cut short. */
const maskedText = (text: string | undefined, customerId: string | undefined, max = 300): string => {
  const masked = customerId ? (text ?? '').replaceAll(customerId, maskedCustomer(customerId)) : (text ?? '');
  return masked.length > max ? `${masked.slice(0, max)}…` : masked;
};

/**
 * The ops console's reads, over the same Step Functions and DynamoDB APIs as everything else. An
 * execution's input is read once (it never changes), its end once it has ended, so a page over
 * thousands of cases costs one ListExecutions a thousand and the histories of the running ones.
 */
export class OpsConsole {
  readonly #sources: OpsSources;
  readonly #known = new Map<string, Known>();

  constructor(sources: OpsSources) {
    this.#sources = sources;
  }

  get sources(): OpsSources {
    return this.#sources;
  }

  async #allExecutions(stateMachineArn: string): Promise<ExecutionListItem[]> {
    const all: ExecutionListItem[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.#sources.sfn.send(
        new ListExecutionsCommand({ stateMachineArn, maxResults: 1000, nextToken }),
      );
      all.push(...(page.executions ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return all;
  }

  async #know(execution: ExecutionListItem): Promise<Known> {
    const arn = execution.executionArn ?? '';
    const known = this.#known.get(arn);
    if (known && (known.final || !FINAL.has(execution.status ?? ''))) return known;
    const described = await this.#sources.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    const input = JSON.parse(described.input ?? '{}') as {
      customerId?: string;
      alertId?: string;
      storeId?: string;
      level?: number;
    };
    const fresh: Known = {
      ...(input.customerId ? { customerId: input.customerId } : {}),
      ...(input.alertId ? { alertId: input.alertId } : {}),
      ...(input.storeId ? { storeId: input.storeId } : {}),
      ...(input.level !== undefined ? { level: input.level } : {}),
      ...(described.error ? { error: described.error } : {}),
      ...(described.cause ? { cause: maskedText(described.cause, input.customerId) } : {}),
      final: FINAL.has(described.status ?? ''),
    };
    this.#known.set(arn, fresh);
    return fresh;
  }

  /** Every case, each with what it is about and, for the running ones, where it stands. */
  async cases(): Promise<CaseRow[]> {
    const all = await this.#allExecutions(this.#sources.caseStateMachineArn);
    const now = this.#sources.clock().now;
    return pMap(
      all,
      async (execution): Promise<CaseRow> => {
        const known = await this.#know(execution);
        let stands: ReturnType<typeof whereItStands> = {};
        if (execution.status === 'RUNNING') {
          const history = await this.#sources.sfn.send(
            new GetExecutionHistoryCommand({
              executionArn: execution.executionArn,
              reverseOrder: true,
              maxResults: 20,
            }),
          );
          stands = whereItStands([...(history.events ?? [])].reverse());
        }
        return {
          executionArn: execution.executionArn ?? '',
          name: execution.name ?? '',
          status: execution.status ?? '',
          ...(known.level !== undefined ? { level: known.level } : {}),
          ...(known.storeId ? { storeId: known.storeId } : {}),
          ...(known.customerId ? { customer: maskedCustomer(known.customerId) } : {}),
          ...(stands.currentState ? { currentState: stands.currentState } : {}),
          ...(stands.nextDeadline
            ? { nextDeadline: stands.nextDeadline, overdue: Date.parse(stands.nextDeadline) < now }
            : {}),
          ...(execution.startDate ? { startDate: execution.startDate } : {}),
          ...(execution.stopDate ? { stopDate: execution.stopDate } : {}),
          ...(known.error ? { failure: `${known.error}${known.cause ? `: ${known.cause}` : ''}` } : {}),
        };
      },
      { concurrency: 16 },
    );
  }

  /** The cases a filter keeps; a full id is matched against the input, never shown. */
  async matching(filter: CaseFilter): Promise<{ all: CaseRow[]; rows: CaseRow[] }> {
    const all = await this.cases();
    const q = filter.q?.trim();
    const rows = all.filter((row) => {
      if (filter.status && row.status !== filter.status) return false;
      if (filter.store && row.storeId !== filter.store) return false;
      if (filter.level && String(row.level) !== filter.level) return false;
      if (filter.state && row.currentState !== filter.state) return false;
      if (filter.overdue && !row.overdue) return false;
      if (q) {
        const known = this.#known.get(row.executionArn);
        if (known?.customerId !== q && known?.alertId !== q && !row.customer?.includes(q) && !row.name.includes(q))
          return false;
      }
      return true;
    });
    return { all, rows };
  }
}

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;margin:1rem 2rem;line-height:1.4}table{border-collapse:collapse;margin:.5rem 0 1.5rem}
td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;font-size:.9rem;vertical-align:top}th{background:#f4f4f4}.RUNNING{color:#0b57d0}.FAILED,.TIMED_OUT,.ABORTED,.late{color:#b00020}
.SUCCEEDED{color:#137333}form{display:inline-block;margin-right:1rem}code{font-size:.8rem}.why{color:#555;font-size:.8rem}.wall{color:#777;font-size:.8rem}
.filters label{margin-right:.6rem}.stuck{background:#fff4f4;border:1px solid #f0c0c0;padding:.5rem 1rem;margin-bottom:1rem}nav a{margin-right:.6rem}
@media (max-width:700px){body{margin:.5rem}table{display:block;overflow-x:auto}}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

const table = (headers: string[], rows: string[][], empty = '（无 none）'): string =>
  rows.length === 0
    ? `<p>${escapeHtml(empty)}</p>`
    : `<table><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('')}</table>`;

/** Times as the ops page shows them: policy time in the policy's zone and in words, real time beside it where they differ. */
function timeWords(sources: OpsSources) {
  const policyOf = (wall: number) => sources.policyAt?.(wall) ?? wall;
  const words = (policyMs: number) => momentInWords(policyMs, sources.timeZone);
  return {
    /** A real instant (an execution's start): its policy time, and the real time where that differs by a minute or more. */
    real: (wall: Date | number | undefined): string => {
      if (wall === undefined) return '';
      const ms = typeof wall === 'number' ? wall : wall.getTime();
      const policy = policyOf(ms);
      const same = Math.abs(policy - ms) < 60_000;
      return `${escapeHtml(words(policy).zh)}${same ? '' : ` <span class="wall">（实际 real ${escapeHtml(momentInWords(ms, sources.timeZone).zh)}）</span>`}`;
    },
    /** A policy instant (a deadline, an alert's time). */
    policy: (instant: string | number | undefined): string =>
      instant === undefined ? '' : escapeHtml(words(typeof instant === 'number' ? instant : Date.parse(instant)).zh),
    deadline: (instant: string | undefined): string =>
      instant === undefined ? '' : escapeHtml(deadlineInWords(instant, sources.timeZone).zh),
  };
}

/** How late a deadline is, in policy days and hours. */
const lateBy = (deadline: string, now: number): string => {
  const hours = Math.max(0, Math.floor((now - Date.parse(deadline)) / 3_600_000));
  return hours >= 24
    ? `${Math.floor(hours / 24)}天${hours % 24}小时 ${Math.floor(hours / 24)}d ${hours % 24}h`
    : `${hours}小时 ${hours}h`;
};

/** The query of a filtered list, with some parameters changed (a page link, a status link). */
function query(filter: CaseFilter, change: Partial<CaseFilter>): string {
  const merged = { ...filter, ...change };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || value === '' || value === false || (key === 'page' && value === 1)) continue;
    params.set(key, value === true ? 'yes' : String(value));
  }
  const text = params.toString();
  return text ? `/ops?${text}` : '/ops';
}

/** A filter from the page's query string; anything unknown is ignored. */
export function caseFilter(params: URLSearchParams): CaseFilter {
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const page = Number(params.get('page'));
  return {
    ...(text('status') ? { status: text('status') } : {}),
    ...(text('store') ? { store: text('store') } : {}),
    ...(text('level') ? { level: text('level') } : {}),
    ...(text('state') ? { state: text('state') } : {}),
    ...(params.get('overdue') === 'yes' ? { overdue: true } : {}),
    ...(text('q') ? { q: text('q') } : {}),
    ...(Number.isInteger(page) && page > 1 ? { page } : {}),
  };
}

const counted = (rows: readonly CaseRow[], key: (row: CaseRow) => string | undefined): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const value = key(row);
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return new Map([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
};

/** A field of an audit entry's details, as stored: read without trusting its shape. */
function detailOf(entry: Record<string, unknown>, key: 'deadline' | 'responsible'): unknown {
  const { details } = entry;
  return typeof details === 'object' && details !== null ? (details as Record<string, unknown>)[key] : undefined;
}

/**
 * The ops page of the local stack, an operator's console: what is stuck first (cases waiting past
 * their deadline, failed cases and why, alerts queued per store), then every case execution with
 * filters (status, store, level, state, overdue), a search by customer or alert id and pages, the
 * alerts by store, the work queue, the breaches and the scan runs. Times are policy time in the
 * policy's zone, in words, with real time beside them where the clock runs at another pace.
 */
export async function opsPage(ops: OpsConsole, filter: CaseFilter = {}): Promise<string> {
  const sources = ops.sources;
  const clock = sources.clock();
  const time = timeWords(sources);
  const [{ all, rows }, scans, alerts, breaches, staff] = await Promise.all([
    ops.matching(filter),
    sources.sfn.send(new ListExecutionsCommand({ stateMachineArn: sources.scanStateMachineArn, maxResults: 10 })),
    scanItems(sources.doc, { TableName: sources.tables.alerts }),
    scanItems(sources.doc, {
      TableName: sources.tables.audit,
      FilterExpression: 'details.breach = :yes',
      ExpressionAttributeValues: { ':yes': true },
    }),
    loadStaffDirectory(sources.doc, sources.tables),
  ]);
  const queue = queueLines(alerts, sources.policy, staff, clock.now);
  const waiting = [...queue.waiting.values()].sort(
    (a, b) => a.position - b.position || (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0),
  );
  const historyLink = (arn: string, text: string) =>
    `<a href="/ops/execution?arn=${encodeURIComponent(arn)}">${escapeHtml(text)}</a>`;
  const storeOfCase = new Map(alerts.map((alert) => [`${alert.customerId}#${alert.alertId}`, alert.storeId]));

  const byStore = new Map<string, number[]>();
  for (const alert of alerts) {
    const storeId = String(alert.storeId);
    const level = Number(alert.level);
    const counts = byStore.get(storeId) ?? [0, 0, 0, 0, 0, 0];
    counts[level] = (counts[level] ?? 0) + 1;
    if (alert.status === 'open' || alert.status === 'in_progress') counts[4] = (counts[4] ?? 0) + 1;
    if (alert.status === 'queued') counts[5] = (counts[5] ?? 0) + 1;
    byStore.set(storeId, counts);
  }
  const byStatus = counted(all, (row) => row.status);
  const statusCount = (status: string) => byStatus.get(status) ?? 0;

  // What is stuck: the most late first, then the newest failures.
  const late = all
    .filter((row) => row.overdue)
    .sort((a, b) => Date.parse(a.nextDeadline ?? '') - Date.parse(b.nextDeadline ?? ''));
  const failed = all
    .filter((row) => row.status === 'FAILED' || row.status === 'TIMED_OUT')
    .sort((a, b) => (b.stopDate?.getTime() ?? 0) - (a.stopDate?.getTime() ?? 0));
  const queuedByStore = [...byStore.entries()].filter(([, counts]) => (counts[5] ?? 0) > 0).sort();
  const stuckRow = (c: CaseRow, why: string) => [
    historyLink(c.executionArn, c.name),
    escapeHtml(c.storeId),
    escapeHtml(c.customer),
    why,
  ];

  // The list: overdue cases first, then the newest; a page at a time.
  const ordered = [...rows].sort(
    (a, b) =>
      Number(b.overdue ?? false) - Number(a.overdue ?? false) ||
      (b.startDate?.getTime() ?? 0) - (a.startDate?.getTime() ?? 0),
  );
  const pages = Math.max(1, Math.ceil(ordered.length / PAGE_SIZE));
  const page = Math.min(filter.page ?? 1, pages);
  const shown = ordered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const option = (value: string, label: string, selected: string | undefined) =>
    `<option value="${escapeHtml(value)}"${selected === value ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  const select = (name: string, label: string, counts: Map<string, number>, selected: string | undefined) =>
    `<label>${escapeHtml(label)} <select name="${name}">${option('', '全部 all', selected)}${[...counts.entries()].map(([value, n]) => option(value, `${value} (${n})`, selected)).join('')}</select></label>`;
  const states = counted(
    all.filter((row) => row.status === 'RUNNING'),
    (row) => row.currentState,
  );

  return layout(
    'Winback 运营 Ops',
    `<p>策略时间 Policy time: <strong id="policy-time">${time.policy(clock.now)}</strong> (${escapeHtml(sources.timeZone)}), pace ×${escapeHtml(clock.scale)}${clock.scale === 1 ? '' : ` <span class="wall">（实际 real ${escapeHtml(momentInWords(Date.now(), sources.timeZone).zh)}）</span>`}</p>
<form method="post" action="/ops/clock"><label>Pace ×<input name="scale" size="8" value="${escapeHtml(clock.scale)}"></label> <button>Set</button></form>
<form method="post" action="/ops/scan"><button>立即扫描 Scan now</button></form>
<section class="stuck" id="stuck"><h2>卡住了什么 What is stuck</h2>
<h3>逾期等待 Waiting past their deadline (${late.length})</h3>
${table(
  ['Execution', 'Store', 'Customer', '逾期 Late'],
  late
    .slice(0, 20)
    .map((c) =>
      stuckRow(
        c,
        `<span class="late">${escapeHtml(c.currentState)}: ${time.deadline(c.nextDeadline)}，已逾期 late by ${escapeHtml(lateBy(c.nextDeadline ?? '', clock.now))}</span>`,
      ),
    ),
)}
${late.length > 20 ? `<p><a href="${escapeHtml(query({}, { overdue: true }))}">全部 All ${late.length} →</a></p>` : ''}
<h3>失败 Failed cases (${failed.length})</h3>
${table(
  ['Execution', 'Store', 'Customer', '原因 Why'],
  failed.slice(0, 20).map((c) => stuckRow(c, `<span class="why">${escapeHtml(c.failure ?? c.status)}</span>`)),
)}
${failed.length > 20 ? `<p><a href="${escapeHtml(query({}, { status: 'FAILED' }))}">全部 All ${failed.length} →</a></p>` : ''}
<h3>排队 Alerts queued, by store (${queuedByStore.reduce((sum, [, counts]) => sum + (counts[5] ?? 0), 0)})</h3>
${table(
  ['Store', '排队 Queued'],
  queuedByStore.map(([store, counts]) => [escapeHtml(store), escapeHtml(counts[5])]),
)}
</section>
<h2>个案 Cases (${all.length}: ${statusCount('RUNNING')} running, ${statusCount('SUCCEEDED')} done, ${statusCount('FAILED')} failed)</h2>
<form class="filters" method="get" action="/ops">
${select('status', '状态 Status', byStatus, filter.status)}
${select(
  'store',
  '门店 Store',
  counted(all, (row) => row.storeId),
  filter.store,
)}
${select(
  'level',
  '级别 Level',
  counted(all, (row) => (row.level === undefined ? undefined : String(row.level))),
  filter.level,
)}
${select('state', '步骤 State', states, filter.state)}
<label><input type="checkbox" name="overdue" value="yes"${filter.overdue ? ' checked' : ''}> 逾期 Overdue (${late.length})</label>
<label>搜索 Search <input name="q" size="24" value="${escapeHtml(filter.q)}" placeholder="客户号或预警号 customer or alert id"></label>
<button>筛选 Filter</button> <a href="/ops">清除 Clear</a></form>
<p id="case-count">${rows.length} 个符合 match${rows.length === all.length ? '' : ` (of ${all.length})`}; 第 ${page} / ${pages} 页 page</p>
${table(
  ['Execution', 'Status', 'Current state', 'Level', 'Store', 'Customer', 'Next deadline', 'Started'],
  shown.map((c) => [
    historyLink(c.executionArn, c.name),
    `<span class="${escapeHtml(c.status)}">${escapeHtml(c.status)}</span>${c.failure ? `<div class="why">${escapeHtml(c.failure)}</div>` : ''}`,
    escapeHtml(c.currentState),
    escapeHtml(c.level),
    escapeHtml(c.storeId),
    escapeHtml(c.customer),
    c.nextDeadline
      ? `<span class="${c.overdue ? 'late' : ''}">${time.deadline(c.nextDeadline)}${c.overdue ? ' 已逾期 overdue' : ''}</span>`
      : '',
    time.real(c.startDate),
  ]),
  '没有符合的个案 No case matches',
)}
<nav>${page > 1 ? `<a href="${escapeHtml(query(filter, { page: page - 1 }))}">← 上一页 Previous</a>` : ''}${page < pages ? `<a href="${escapeHtml(query(filter, { page: page + 1 }))}">下一页 Next →</a>` : ''}</nav>
<h2>预警 Alerts by store</h2>
${table(
  ['Store', 'Level 1', 'Level 2', 'Level 3', 'Open', '排队 Queued'],
  [...byStore.entries()]
    .sort()
    .map(([store, counts]) => [escapeHtml(store), ...[1, 2, 3, 4, 5].map((i) => escapeHtml(counts[i]))]),
)}
<h2>排队 Work queue (${queue.waiting.size} waiting)</h2>
<p>每人每个工作日的新案件上限 New cases one person takes a working day, and the cases they hold open; the rest wait in line, level 3 first, then most at stake (risk × spend over ${escapeHtml(sources.policy.model.horizonWeeks)} weeks). Policy: open ${escapeHtml(sources.policy.workQueue.open)}.</p>
${table(
  ['Owner', 'Role', 'Stores', 'New a day', 'Opened today', 'Open', 'Room today', 'Waiting'],
  queue.owners.map((owner) => [
    escapeHtml(owner.staffed ? owner.key : `${owner.key} (nobody holds it)`),
    escapeHtml(owner.role),
    escapeHtml(owner.storeIds.join(', ')),
    escapeHtml(owner.newCasesPerDay),
    escapeHtml(owner.openedToday),
    escapeHtml(owner.workInHand === undefined ? owner.open : `${owner.open} / ${owner.workInHand}`),
    escapeHtml(owner.free),
    escapeHtml(owner.waiting),
  ]),
)}
${waiting.length > WAITING_LISTED ? `<p>The first ${WAITING_LISTED} places of each line are listed.</p>` : ''}
${table(
  ['Place', 'Owner', 'Store', 'Customer', 'Level', 'At stake', 'Since'],
  waiting
    .filter((placed) => placed.position <= WAITING_LISTED)
    .map((placed) => [
      escapeHtml(placed.position),
      escapeHtml(placed.owner),
      escapeHtml(placed.storeId),
      escapeHtml(maskedCustomer(placed.customerId)),
      escapeHtml(placed.level),
      escapeHtml(`¥${placed.priority.toFixed(2)}`),
      time.policy(placed.identifiedAt),
    ]),
)}
<h2>超时 Breaches (${breaches.length})</h2>
${table(
  ['When', 'Step', 'Responsible', 'Store', 'Customer'],
  breaches
    .sort((a, b) => Date.parse(String(b.at)) - Date.parse(String(a.at)))
    .slice(0, 100)
    .map((b) => {
      const caseKey = String(b.caseKey ?? '');
      return [
        time.policy(String(b.at)),
        escapeHtml(detailOf(b, 'deadline')),
        escapeHtml(detailOf(b, 'responsible') ?? b.actor),
        escapeHtml(b.storeId ?? storeOfCase.get(caseKey)),
        escapeHtml(maskedCustomer(caseKey.split('#')[0] ?? '')),
      ];
    }),
)}
<h2>扫描 Scan runs</h2>
${table(
  ['Run', 'Status', 'Started'],
  (scans.executions ?? []).map((s) => [
    historyLink(s.executionArn ?? '', s.name ?? ''),
    `<span class="${escapeHtml(s.status)}">${escapeHtml(s.status)}</span>`,
    time.real(s.startDate),
  ]),
)}`,
  );
}

/** One history event in words: what happened, and its details an operator needs (a wait's deadline, an error). */
function eventInWords(
  event: HistoryEvent,
  time: ReturnType<typeof timeWords>,
  mask: (text: string | undefined) => string,
): string {
  const type = event.type ?? '';
  const entered = event.stateEnteredEventDetails;
  if (entered) {
    const wait = (JSON.parse(entered.input ?? '{}') as { wait?: { dueBy?: string; reminder?: number } }).wait;
    const waits = /^Await/.test(entered.name ?? '') && wait?.dueBy;
    return `进入 Entered <strong>${escapeHtml(entered.name)}</strong>${waits ? `：等到 waits until ${time.deadline(wait?.dueBy)}${wait?.reminder ? `（第 ${escapeHtml(wait.reminder)} 次催办 reminder ${escapeHtml(wait.reminder)}）` : ''}` : ''}`;
  }
  if (event.stateExitedEventDetails) return `完成 Left ${escapeHtml(event.stateExitedEventDetails.name)}`;
  if (event.taskSubmittedEventDetails)
    return `已通知负责人，等待答复 Owner notified; waiting for the answer (${escapeHtml(event.taskSubmittedEventDetails.resource)})`;
  if (event.taskSucceededEventDetails)
    return `已答复 Answered (${escapeHtml(event.taskSucceededEventDetails.resource)})`;
  if (event.taskTimedOutEventDetails)
    return `<span class="late">超过期限 Deadline passed (${escapeHtml(event.taskTimedOutEventDetails.resource)})</span>`;
  const failure =
    event.taskFailedEventDetails ?? event.executionFailedEventDetails ?? event.executionAbortedEventDetails;
  if (failure)
    return `<span class="late">${type === 'ExecutionAborted' ? '已停止 Stopped' : '失败 Failed'}${failure.error ? `: ${escapeHtml(failure.error)}` : ''}${failure.cause ? ` — ${escapeHtml(mask(failure.cause))}` : ''}</span>`;
  if (type === 'ExecutionStarted') return '开始 Started';
  if (type === 'ExecutionSucceeded') return '<span class="SUCCEEDED">结束 Finished</span>';
  if (type === 'ExecutionTimedOut') return '<span class="late">执行超时 Execution timed out</span>';
  const map =
    event.mapIterationStartedEventDetails ??
    event.mapIterationSucceededEventDetails ??
    event.mapIterationFailedEventDetails;
  if (map) return `${escapeHtml(map.name)} #${escapeHtml(map.index)}`;
  return '';
}

/** One execution as a timeline: where it stands and its wait's deadline, then each event in words, in policy time. */
export async function executionPage(ops: OpsConsole, executionArn: string): Promise<string> {
  const sources = ops.sources;
  const [described, history] = await Promise.all([
    sources.sfn.send(new DescribeExecutionCommand({ executionArn })),
    sources.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 })),
  ]);
  const time = timeWords(sources);
  const now = sources.clock().now;
  // The history carries the execution input (a customer id that may be a phone number): shown masked.
  const input = JSON.parse(described.input ?? '{}') as {
    customerId?: string;
    alertId?: string;
    storeId?: string;
    level?: number;
    identifiedAt?: string;
  };
  const mask = (text: string | undefined) => maskedText(text, input.customerId, 500);
  const events = history.events ?? [];
  const stands = described.status === 'RUNNING' ? whereItStands(events) : {};
  const overdue = stands.nextDeadline !== undefined && Date.parse(stands.nextDeadline) < now;
  const facts: Array<[string, string]> = [
    ['状态 Status', `<span class="${escapeHtml(described.status)}">${escapeHtml(described.status)}</span>`],
    ['客户 Customer', escapeHtml(input.customerId ? maskedCustomer(input.customerId) : '')],
    ['门店 Store', escapeHtml(input.storeId)],
    ['级别 Level', escapeHtml(input.level)],
    [
      '预警 Alert',
      `${escapeHtml(input.alertId)}${input.identifiedAt ? `，识别于 identified ${time.policy(input.identifiedAt)}` : ''}`,
    ],
    ['开始 Started', time.real(described.startDate)],
    ...(described.stopDate ? ([['结束 Ended', time.real(described.stopDate)]] as Array<[string, string]>) : []),
    ...(stands.currentState
      ? ([
          [
            '当前 Now',
            `${escapeHtml(stands.currentState)}${stands.nextDeadline ? `：期限 deadline ${time.deadline(stands.nextDeadline)}${overdue ? ` <span class="late">已逾期 late by ${escapeHtml(lateBy(stands.nextDeadline, now))}</span>` : ''}` : ''}`,
          ],
        ] as Array<[string, string]>)
      : []),
    ...(described.error
      ? ([
          [
            '原因 Why',
            `<span class="late">${escapeHtml(described.error)}${described.cause ? ` — ${escapeHtml(mask(described.cause))}` : ''}</span>`,
          ],
        ] as Array<[string, string]>)
      : []),
  ];
  return layout(
    described.name ?? executionArn,
    `<p><a href="/ops">← Ops</a></p>
<table id="facts">${facts.map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${value}</td></tr>`).join('')}</table>
<h2>经过 Timeline</h2>
${table(
  ['#', '时间 When', '事件 What', 'Type'],
  events.map((event) => [
    escapeHtml(event.id),
    time.real(event.timestamp),
    eventInWords(event, time, mask),
    `<code>${escapeHtml(event.type)}</code>`,
  ]),
)}`,
  );
}
