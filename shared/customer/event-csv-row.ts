import { fieldIssues } from '../validation/field-issues.ts';
import { type CustomerProfile, customerProfile } from './customer-file-schema.ts';
import { type CustomerEvent, customerEvent } from './event-schema.ts';
import type { RecordIssue } from './record-issue.ts';

/**
 * One row of a CSV export of events: the customer's profile columns repeated on every row, then
 * the event's own columns. A row without `type` carries a profile only (a customer with no events).
 */
export const PROFILE_COLUMNS = [
  'customerId',
  'storeId',
  'segment',
  'core',
  'membershipExpiresAt',
  'storedValueBalance',
] as const;
export const EVENT_COLUMNS = [
  'eventId',
  'type',
  'at',
  'amount',
  'scriptId',
  'partySize',
  'action',
  'expiresAt',
  'balanceAfter',
  'severity',
  'category',
  'resolved',
  'respondedAt',
  'platform',
  'sentiment',
  'kind',
  'response',
  'target',
  'score',
  'channel',
  'status',
  'reason',
  'ref',
  'note',
] as const;

const NUMBER_COLUMNS = new Set(['amount', 'partySize', 'balanceAfter', 'score', 'storedValueBalance']);
const BOOLEAN_COLUMNS = new Set(['core', 'resolved']);
const TRUE = new Set(['true', '1', 'yes', 'y']);
const FALSE = new Set(['false', '0', 'no', 'n']);

/** Text cells to the types the schemas expect; a cell that does not convert stays text, so zod names it. */
function convertCell(column: string, text: string): unknown {
  if (NUMBER_COLUMNS.has(column)) {
    const value = Number(text);
    return text !== '' && Number.isFinite(value) ? value : text;
  }
  if (BOOLEAN_COLUMNS.has(column)) {
    const lower = text.toLowerCase();
    return TRUE.has(lower) ? true : FALSE.has(lower) ? false : text;
  }
  return text;
}

export type CsvRowResult =
  | { ok: true; profile: CustomerProfile; event: CustomerEvent | null }
  | { ok: false; issues: RecordIssue[] };

export function parseEventCsvRow(row: Record<string, string>, line: number): CsvRowResult {
  const cells: Record<string, unknown> = {};
  for (const [column, text] of Object.entries(row)) {
    if (text !== undefined && text !== '') cells[column] = convertCell(column, text);
  }
  const customerId = typeof cells.customerId === 'string' ? cells.customerId : undefined;
  const where = (issues: ReturnType<typeof fieldIssues>): RecordIssue[] =>
    issues.map((issue) => (customerId === undefined ? { line, ...issue } : { line, customerId, ...issue }));

  const membership =
    cells.membershipExpiresAt !== undefined || cells.storedValueBalance !== undefined
      ? { expiresAt: cells.membershipExpiresAt, storedValueBalance: cells.storedValueBalance }
      : undefined;
  const profile = customerProfile.safeParse({
    customerId: cells.customerId,
    storeId: cells.storeId,
    segment: cells.segment,
    core: cells.core,
    membership,
  });
  const issues: RecordIssue[] = profile.success
    ? []
    : where(
        fieldIssues(profile.error).map((issue) => ({
          ...issue,
          field: issue.field
            .replace(/^membership\.storedValueBalance/, 'storedValueBalance')
            .replace(/^membership\.expiresAt/, 'membershipExpiresAt'),
        })),
      );

  let event: CustomerEvent | null = null;
  if (cells.type !== undefined || cells.eventId !== undefined) {
    const eventCells: Record<string, unknown> = {};
    for (const column of EVENT_COLUMNS) if (cells[column] !== undefined) eventCells[column] = cells[column];
    const parsed = customerEvent.safeParse(eventCells);
    if (parsed.success) event = parsed.data;
    else issues.push(...where(fieldIssues(parsed.error)));
  }
  if (issues.length > 0 || !profile.success) return { ok: false, issues };
  return { ok: true, profile: profile.data, event };
}
