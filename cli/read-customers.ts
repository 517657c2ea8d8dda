import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import type { CustomerProfile } from '#shared/customer/customer-file-schema.ts';
import { parseCustomerLine } from '#shared/customer/customer-line.ts';
import { EVENT_COLUMNS, PROFILE_COLUMNS, parseEventCsvRow } from '#shared/customer/event-csv-row.ts';
import type { RecordIssue } from '#shared/customer/record-issue.ts';
import { applyEventInPlace } from '#shared/state/apply-event.ts';
import { emptyCustomerState, type CustomerState } from '#shared/state/customer-state.ts';
import { applyProfileInPlace } from '#shared/state/apply-profile.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';
import { progressBar } from './progress-bar.ts';
import { UsageError } from './usage-error.ts';

export interface FoldedCustomer {
  profile: CustomerProfile;
  state: CustomerState;
}

export interface ReadResult {
  customers: FoldedCustomer[];
  issues: RecordIssue[];
  duplicateEvents: number;
  eventsAfterAsOf: number;
}

export type InputFormat = 'jsonl' | 'csv';

export function inputFormatOf(path: string, explicit?: string): InputFormat {
  if (explicit === 'jsonl' || explicit === 'csv') return explicit;
  if (explicit !== undefined) throw new UsageError(`--input-format: expected jsonl or csv, got "${explicit}"`);
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.(jsonl|ndjson|json)$/i.test(path)) return 'jsonl';
  throw new UsageError(`--input: cannot tell the format of "${path}" from its name; add --input-format jsonl or csv`);
}

async function openInput(path: string): Promise<{ size: number }> {
  try {
    return await stat(path);
  } catch {
    throw new UsageError(`--input: cannot read "${path}"`);
  }
}

/**
 * Reads an export and folds each customer's events up to the as-of instant. Every bad record is
 * reported (line, customer, field); the caller writes nothing when there is any.
 */
export async function readCustomers(path: string, format: InputFormat, until: number): Promise<ReadResult> {
  const { size } = await openInput(path);
  return format === 'jsonl' ? readJsonl(path, size, until) : readCsv(path, size, until);
}

async function readJsonl(path: string, size: number, until: number): Promise<ReadResult> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const progress = progressBar(size, 'bytes');
  const result: ReadResult = { customers: [], issues: [], duplicateEvents: 0, eventsAfterAsOf: 0 };
  const firstLineOf = new Map<string, number>();
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    line += 1;
    if (line % 2000 === 0) progress.update(stream.bytesRead);
    if (text.trim() === '') continue;
    const parsed = parseCustomerLine(line === 1 ? text.replace(/^\uFEFF/, '') : text, line);
    if (!parsed.ok) {
      result.issues.push(...parsed.issues);
      continue;
    }
    const { events: _events, ...profile } = parsed.file;
    const earlier = firstLineOf.get(profile.customerId);
    if (earlier !== undefined) {
      result.issues.push({ line, customerId: profile.customerId, field: 'customerId', message: `the same customer is already on line ${earlier}` });
      continue;
    }
    firstLineOf.set(profile.customerId, line);
    const folded = foldCustomerFile(parsed.file, until);
    result.duplicateEvents += folded.duplicates.length;
    result.eventsAfterAsOf += folded.later;
    result.customers.push({ profile, state: folded.state });
  }
  progress.stop();
  return result;
}

async function readCsv(path: string, size: number, until: number): Promise<ReadResult> {
  const stream = createReadStream(path);
  const progress = progressBar(size, 'bytes');
  const result: ReadResult = { customers: [], issues: [], duplicateEvents: 0, eventsAfterAsOf: 0 };
  const known = new Set<string>([...PROFILE_COLUMNS, ...EVENT_COLUMNS]);
  const byCustomer = new Map<string, FoldedCustomer & { line: number }>();
  const seenEvents = new Set<string>();
  const parser = stream.pipe(
    parseCsv({
      bom: true,
      columns: (header: string[]) => {
        const unknown = header.filter((column) => !known.has(column));
        if (unknown.length > 0) {
          result.issues.push({ line: 1, field: unknown.join(', '), message: `unknown column${unknown.length > 1 ? 's' : ''}; expected some of ${[...known].join(', ')}` });
        }
        return header;
      },
      skip_empty_lines: true,
      trim: true,
      info: true,
    }),
  );
  let rows = 0;
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    rows += 1;
    if (rows % 5000 === 0) progress.update(stream.bytesRead);
    const line = info.lines;
    const parsed = parseEventCsvRow(record, line);
    if (!parsed.ok) {
      result.issues.push(...parsed.issues);
      continue;
    }
    const { profile, event } = parsed;
    let customer = byCustomer.get(profile.customerId);
    if (customer === undefined) {
      customer = { profile, state: emptyCustomerState(), line };
      byCustomer.set(profile.customerId, customer);
    } else {
      const conflict = mergeProfile(customer.profile, profile);
      if (conflict !== undefined) {
        result.issues.push({ line, customerId: profile.customerId, field: conflict, message: `differs from line ${customer.line} of the same customer` });
        continue;
      }
    }
    if (event === null) continue;
    // The fold takes events in any order, so rows need not be grouped or sorted.
    if (seenEvents.has(event.eventId)) {
      result.duplicateEvents += 1;
      continue;
    }
    seenEvents.add(event.eventId);
    if (Date.parse(event.at) > until) {
      result.eventsAfterAsOf += 1;
      continue;
    }
    applyEventInPlace(customer.state, event);
  }
  progress.stop();
  result.customers = [...byCustomer.values()].map(({ profile, state }) => ({ profile, state: applyProfileInPlace(state, profile) }));
  return result;
}

/** The first field on which a later row contradicts the profile so far; blank membership cells fill in, not conflict. */
function mergeProfile(first: CustomerProfile, other: CustomerProfile): string | undefined {
  if (first.storeId !== other.storeId) return 'storeId';
  if (first.segment !== other.segment) return 'segment';
  if (first.core !== other.core) return 'core';
  const known = (first.membership ??= {});
  const incoming = other.membership ?? {};
  if (incoming.expiresAt !== undefined) {
    if (known.expiresAt !== undefined && known.expiresAt !== incoming.expiresAt) return 'membershipExpiresAt';
    known.expiresAt = incoming.expiresAt;
  }
  if (incoming.storedValueBalance !== undefined) {
    if (known.storedValueBalance !== undefined && known.storedValueBalance !== incoming.storedValueBalance) return 'storedValueBalance';
    known.storedValueBalance = incoming.storedValueBalance;
  }
  return undefined;
}
