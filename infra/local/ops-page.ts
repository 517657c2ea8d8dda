import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, type ExecutionListItem, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import type { Policy } from '#shared/policy/policy-schema.ts';
import { queueLines } from '#shared/queue/queue-lines.ts';
import { scanItems } from '#shared/store/dynamodb/scan-items.ts';
import { loadStaffDirectory } from '#shared/store/dynamodb/staff-store.ts';
import type { TableNames } from '#shared/store/table-specs.ts';

const escape = (text: unknown): string => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface OpsSources {
  sfn: SFNClient;
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  caseStateMachineArn: string;
  scanStateMachineArn: string;
  clock: () => { now: number; scale: number };
  timeZone: string;
  /** The chain's policy: owners and capacity, for the work queue. */
  policy: Policy;
}

/** How many waiting alerts the page lists (the whole queue is on the risk list). */
const WAITING_LISTED = 100;

export interface CaseRow {
  executionArn: string;
  name: string;
  status: string;
  level?: number;
  storeId?: string;
  customer?: string;
  currentState?: string;
  nextDeadline?: string;
  startDate?: Date;
}

/** Where a case stands, from its history: the state it last entered and that state's deadline, if it waits on one. */
export function whereItStands(events: readonly HistoryEvent[]): { currentState?: string; nextDeadline?: string } {
  for (let i = events.length - 1; i >= 0; i--) {
    const entered = events[i]?.stateEnteredEventDetails;
    if (entered === undefined) continue;
    const input = JSON.parse(entered.input ?? '{}') as { Payload?: { wait?: { dueBy?: string } } };
    const waits = /^Await/.test(entered.name ?? '');
    return { currentState: entered.name, ...(waits && input.Payload?.wait?.dueBy ? { nextDeadline: input.Payload.wait.dueBy } : {}) };
  }
  return {};
}

/** Every case execution's status (a page of the API at a time), and the newest `limit` with where each stands. */
export async function caseRows(sources: OpsSources, limit = 200): Promise<{ byStatus: Record<string, number>; rows: CaseRow[] }> {
  const all: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sources.sfn.send(new ListExecutionsCommand({ stateMachineArn: sources.caseStateMachineArn, maxResults: 1000, nextToken }));
    all.push(...(page.executions ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const byStatus: Record<string, number> = {};
  for (const execution of all) byStatus[execution.status ?? ''] = (byStatus[execution.status ?? ''] ?? 0) + 1;
  const rows = await pMap(
    all.slice(0, limit),
    async (execution): Promise<CaseRow> => {
      const [described, history] = await Promise.all([
        sources.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn })),
        sources.sfn.send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn, reverseOrder: true, maxResults: 50 })),
      ]);
      const input = JSON.parse(described.input ?? '{}') as { customerId?: string; storeId?: string; level?: number };
      const stands = execution.status === 'RUNNING' ? whereItStands([...(history.events ?? [])].reverse()) : {};
      return {
        executionArn: execution.executionArn ?? '',
        name: execution.name ?? '',
        status: execution.status ?? '',
        ...(input.level !== undefined ? { level: input.level } : {}),
        ...(input.storeId ? { storeId: input.storeId } : {}),
        ...(input.customerId ? { customer: maskedCustomer(input.customerId) } : {}),
        ...stands,
        ...(execution.startDate ? { startDate: execution.startDate } : {}),
      };
    },
    { concurrency: 16 },
  );
  return { byStatus, rows };
}

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>body{font-family:system-ui,sans-serif;margin:1rem 2rem;line-height:1.4}table{border-collapse:collapse;margin:.5rem 0 1.5rem}
td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;font-size:.9rem;vertical-align:top}th{background:#f4f4f4}.RUNNING{color:#0b57d0}.FAILED,.TIMED_OUT,.ABORTED{color:#b00020}
.SUCCEEDED{color:#137333}form{display:inline-block;margin-right:1rem}code{font-size:.8rem}</style></head><body><h1>${escape(title)}</h1>${body}</body></html>`;
}

const table = (headers: string[], rows: string[][]): string =>
  `<table><tr>${headers.map((h) => `<th>${escape(h)}</th>`).join('')}</tr>${rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('')}</table>`;

/**
 * The ops page of the local stack: the case executions (status, current state, level, store,
 * masked customer, next deadline), the scan runs, alerts by store and level, the work queue (each
 * owner's load and line), and the breaches, read through the same Step Functions and DynamoDB APIs
 * as everything else.
 */
export async function opsPage(sources: OpsSources): Promise<string> {
  const format = (ms: number | Date | undefined) =>
    ms === undefined ? '' : new Date(ms).toLocaleString('sv-SE', { timeZone: sources.timeZone, hour12: false }).slice(0, 16);
  const [{ byStatus, rows: cases }, scans, alerts, breaches, staff] = await Promise.all([
    caseRows(sources),
    sources.sfn.send(new ListExecutionsCommand({ stateMachineArn: sources.scanStateMachineArn, maxResults: 10 })),
    scanItems(sources.doc, { TableName: sources.tables.alerts }),
    scanItems(sources.doc, { TableName: sources.tables.audit, FilterExpression: 'details.breach = :yes', ExpressionAttributeValues: { ':yes': true } }),
    loadStaffDirectory(sources.doc, sources.tables),
  ]);
  const queue = queueLines(alerts, sources.policy, staff, sources.clock().now);
  const waiting = [...queue.waiting.values()].sort((a, b) => a.position - b.position || (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
  const clock = sources.clock();
  const historyLink = (arn: string, text: string) => `<a href="/ops/execution?arn=${encodeURIComponent(arn)}">${escape(text)}</a>`;

  const byStore = new Map<string, number[]>();
  for (const alert of alerts) {
    const counts = byStore.get(alert.storeId) ?? [0, 0, 0, 0, 0, 0];
    counts[alert.level] = (counts[alert.level] ?? 0) + 1;
    if (alert.status === 'open' || alert.status === 'in_progress') counts[4] = (counts[4] ?? 0) + 1;
    if (alert.status === 'queued') counts[5] = (counts[5] ?? 0) + 1;
    byStore.set(alert.storeId, counts);
  }
  const total = Object.values(byStatus).reduce((sum, n) => sum + n, 0);
  const statusCount = (status: string) => byStatus[status] ?? 0;

  return layout(
    'Winback 运营 Ops',
    `<p>策略时间 Policy time: <strong id="policy-time">${escape(format(clock.now))}</strong> (${escape(sources.timeZone)}), pace ×${escape(clock.scale)}</p>
<form method="post" action="/ops/clock"><label>Pace ×<input name="scale" size="8" value="${escape(clock.scale)}"></label> <button>Set</button></form>
<form method="post" action="/ops/scan"><button>立即扫描 Scan now</button></form>
<h2>个案 Cases (${total}: ${statusCount('RUNNING')} running, ${statusCount('SUCCEEDED')} done, ${statusCount('FAILED')} failed)</h2>
${total > cases.length ? `<p>The newest ${cases.length} are listed.</p>` : ''}
${table(
  ['Execution', 'Status', 'Current state', 'Level', 'Store', 'Customer', 'Next deadline', 'Started'],
  cases.map((c) => [
    historyLink(c.executionArn, c.name),
    `<span class="${escape(c.status)}">${escape(c.status)}</span>`,
    escape(c.currentState),
    escape(c.level),
    escape(c.storeId),
    escape(c.customer),
    escape(c.nextDeadline),
    escape(format(c.startDate)),
  ]),
)}
<h2>预警 Alerts by store</h2>
${table(
  ['Store', 'Level 1', 'Level 2', 'Level 3', 'Open', '排队 Queued'],
  [...byStore.entries()].sort().map(([store, counts]) => [escape(store), ...[1, 2, 3, 4, 5].map((i) => escape(counts[i]))]),
)}
<h2>排队 Work queue (${queue.waiting.size} waiting)</h2>
<p>每人每个工作日的新案件上限 New cases one person takes a working day, and the cases they hold open; the rest wait in line, level 3 first, then most at stake (risk × spend over ${escape(sources.policy.model.horizonWeeks)} weeks). Policy: open ${escape(sources.policy.workQueue.open)}.</p>
${table(
  ['Owner', 'Role', 'Stores', 'New a day', 'Opened today', 'Open', 'Room today', 'Waiting'],
  queue.owners.map((owner) => [
    escape(owner.staffed ? owner.key : `${owner.key} (nobody holds it)`),
    escape(owner.role),
    escape(owner.storeIds.join(', ')),
    escape(owner.newCasesPerDay),
    escape(owner.openedToday),
    escape(owner.workInHand === undefined ? owner.open : `${owner.open} / ${owner.workInHand}`),
    escape(owner.free),
    escape(owner.waiting),
  ]),
)}
${waiting.length > WAITING_LISTED ? `<p>The first ${WAITING_LISTED} places of each line are listed.</p>` : ''}
${table(
  ['Place', 'Owner', 'Store', 'Customer', 'Level', 'At stake', 'Since'],
  waiting
    .filter((placed) => placed.position <= WAITING_LISTED)
    .map((placed) => [
      escape(placed.position),
      escape(placed.owner),
      escape(placed.storeId),
      escape(maskedCustomer(placed.customerId)),
      escape(placed.level),
      escape(`¥${placed.priority.toFixed(2)}`),
      escape(placed.identifiedAt.slice(0, 16)),
    ]),
)}
<h2>超时 Breaches (${breaches.length})</h2>
${table(
  ['When', 'Deadline', 'Responsible', 'Store', 'Customer'],
  breaches
    .sort((a, b) => String(b.at).localeCompare(String(a.at)))
    .slice(0, 100)
    .map((b) => [escape(b.at), escape(b.details?.deadline), escape(b.details?.responsible ?? b.actor), escape(b.storeId), escape(maskedCustomer(String(b.caseKey ?? '').split('#')[0] ?? ''))]),
)}
<h2>扫描 Scan runs</h2>
${table(
  ['Run', 'Status', 'Started'],
  (scans.executions ?? []).map((s) => [historyLink(s.executionArn ?? '', s.name ?? ''), `<span class="${escape(s.status)}">${escape(s.status)}</span>`, escape(format(s.startDate))]),
)}`,
  );
}

/** One execution's event history, as GetExecutionHistory gives it. */
export async function executionPage(sources: OpsSources, executionArn: string): Promise<string> {
  const [described, history] = await Promise.all([
    sources.sfn.send(new DescribeExecutionCommand({ executionArn })),
    sources.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 })),
  ]);
  // The history carries the execution input (a customer id that may be a phone number): shown masked.
  const customerId = (JSON.parse(described.input ?? '{}') as { customerId?: string }).customerId;
  const masked = (text: string) => (customerId ? text.replaceAll(customerId, maskedCustomer(customerId)) : text);
  const detail = (event: HistoryEvent): string => {
    const details = Object.entries(event).find(([key]) => key.endsWith('EventDetails'))?.[1] as Record<string, unknown> | undefined;
    if (details === undefined) return '';
    const { name, input, output, error, cause, resource } = details as Record<string, string | undefined>;
    return [name && `<strong>${escape(name)}</strong>`, resource && escape(resource), error && `${escape(error)}: ${escape(cause)}`, (input ?? output) && `<code>${escape(masked(input ?? output ?? '').slice(0, 400))}</code>`]
      .filter(Boolean)
      .join(' ');
  };
  return layout(
    described.name ?? executionArn,
    `<p><a href="/ops">← Ops</a> · <span class="${escape(described.status)}">${escape(described.status)}</span>${described.error ? ` · ${escape(described.error)}: ${escape(masked(described.cause ?? ''))}` : ''}</p>
${table(
  ['#', 'Time', 'Type', 'Details'],
  (history.events ?? []).map((event) => [escape(event.id), escape(event.timestamp?.toISOString().slice(11, 23)), escape(event.type), detail(event)]),
)}`,
  );
}
