import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import type { CustomerProfile } from '#shared/customer/customer-file-schema.ts';
import { parseCustomerLine } from '#shared/customer/customer-line.ts';
import { EVENT_COLUMNS, PROFILE_COLUMNS, parseEventCsvRow } from '#shared/customer/event-csv-row.ts';
import type { CustomerEvent } from '#shared/customer/event-schema.ts';
import type { RecordIssue } from '#shared/customer/record-issue.ts';
import { progressBar } from './progress-bar.ts';
import { UsageError } from './usage-error.ts';

export type InputFormat = 'jsonl' | 'csv';

/** One validated record of an export: a JSONL line (a whole customer file) or a CSV row (a profile and at most one event). */
export type InputRecord =
  | { line: number; profile: CustomerProfile; events: CustomerEvent[]; issues?: undefined }
  | { line: number; issues: RecordIssue[] };

export function inputFormatOf(path: string, explicit?: string): InputFormat {
  if (explicit === 'jsonl' || explicit === 'csv') return explicit;
  if (explicit !== undefined) throw new UsageError(`--input-format: expected jsonl or csv, got "${explicit}"`);
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.(jsonl|ndjson|json)$/i.test(path)) return 'jsonl';
  throw new UsageError(`cannot tell the format of "${path}" from its name; add --input-format jsonl or csv`);
}

/** Reads an export record by record through the same schemas the API uses, with a progress bar at a terminal. */
export async function* readInputRecords(path: string, format: InputFormat): AsyncGenerator<InputRecord> {
  let size: number;
  try {
    ({ size } = await stat(path));
  } catch {
    throw new UsageError(`cannot read "${path}"`);
  }
  const stream = createReadStream(path);
  const progress = progressBar(size, 'bytes');
  try {
    if (format === 'jsonl') {
      let line = 0;
      for await (const text of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
        line += 1;
        if (line % 2000 === 0) progress.update(stream.bytesRead);
        if (text.trim() === '') continue;
        const parsed = parseCustomerLine(line === 1 ? text.replace(/^\uFEFF/, '') : text, line);
        if (!parsed.ok) yield { line, issues: parsed.issues };
        else {
          const { events, ...profile } = parsed.file;
          yield { line, profile, events };
        }
      }
      return;
    }
    const known = new Set<string>([...PROFILE_COLUMNS, ...EVENT_COLUMNS]);
    let headerIssue: RecordIssue | undefined;
    const parser = stream.pipe(
      parseCsv({
        bom: true,
        columns: (header: string[]) => {
          const unknown = header.filter((column) => !known.has(column));
          if (unknown.length > 0) {
            headerIssue = {
              line: 1,
              field: unknown.join(', '),
              message: `unknown column${unknown.length > 1 ? 's' : ''}; expected some of ${[...known].join(', ')}`,
            };
          }
          return header;
        },
        skip_empty_lines: true,
        trim: true,
        info: true,
      }),
    );
    let rows = 0;
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      if (headerIssue) {
        yield { line: 1, issues: [headerIssue] };
        headerIssue = undefined;
      }
      rows += 1;
      if (rows % 5000 === 0) progress.update(stream.bytesRead);
      const parsed = parseEventCsvRow(record, info.lines);
      if (!parsed.ok) yield { line: info.lines, issues: parsed.issues };
      else yield { line: info.lines, profile: parsed.profile, events: parsed.event ? [parsed.event] : [] };
    }
    if (headerIssue) yield { line: 1, issues: [headerIssue] };
  } finally {
    progress.stop();
  }
}

/**
 * Folds a later record's profile into the first one of the same customer: blank membership cells
 * fill in; anything that contradicts is named.
 */
export function mergeProfile(first: CustomerProfile, other: CustomerProfile): string | undefined {
  if (first.storeId !== other.storeId) return 'storeId';
  if (first.segment !== other.segment) return 'segment';
  if (first.core !== other.core) return 'core';
  first.membership ??= {};
  const known = first.membership;
  const incoming = other.membership ?? {};
  if (incoming.expiresAt !== undefined) {
    if (known.expiresAt !== undefined && known.expiresAt !== incoming.expiresAt) return 'membershipExpiresAt';
    known.expiresAt = incoming.expiresAt;
  }
  if (incoming.storedValueBalance !== undefined) {
    if (known.storedValueBalance !== undefined && known.storedValueBalance !== incoming.storedValueBalance)
      return 'storedValueBalance';
    known.storedValueBalance = incoming.storedValueBalance;
  }
  return undefined;
}
