import { writeFile } from 'node:fs/promises';
import pMap from 'p-map';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { CustomerProfileWriter } from '#shared/adapters/dynamodb/customer-profile-writer.ts';
import { documentClient } from '#shared/adapters/dynamodb/document-client.ts';
import { loadKnownStores } from '#shared/adapters/dynamodb/known-stores-reader.ts';
import type { CustomerProfile } from '#shared/customer/customer-file-schema.ts';
import type { CustomerEvent } from '#shared/customer/event-schema.ts';
import { formatRecordIssue, type RecordIssue } from '#shared/customer/record-issue.ts';
import { MAX_BATCH } from '#shared/ingest/event-batch.ts';
import { ingestEvents } from '#shared/ingest/ingest-events.ts';
import { ingestProfiles } from '#shared/ingest/ingest-profiles.ts';
import { loadPolicyOption } from './policy-option.ts';
import { inputFormatOf, mergeProfile, readInputRecords } from './read-input-records.ts';
import { resolveTables } from './tables-option.ts';

export interface ImportOptions {
  inputFormat?: string;
  rejects?: string;
  policy?: string;
  /** Local tables are named with this prefix (as `npm start` creates them); else the table names come from the environment. */
  tablePrefix?: string;
  /** The data folder of the local stack to load into when no tables are named. */
  dataDir?: string;
}

export interface ImportSummary {
  customers: number;
  accepted: number;
  duplicates: number;
  rejectedRecords: number;
  failed: number;
}

/**
 * `winback import FILE`: loads a JSONL or CSV export into the tables through the same validation
 * and the same writers as the API. Bad records go to a rejects file with line, field and reason;
 * everything good is loaded; running it again loads nothing twice. The API's rules hold here
 * too: bounds, known stores (the staff directory's), conflicts, a customer's file size.
 */
export async function importCommand(
  file: string,
  options: ImportOptions,
  log: (line: string) => void,
): Promise<ImportSummary> {
  const format = inputFormatOf(file, options.inputFormat);
  const policy = await loadPolicyOption(options.policy);
  const tables = await resolveTables(options, log);

  const issues: RecordIssue[] = [];
  const profiles = new Map<string, CustomerProfile & { line: number }>();
  const events: Array<CustomerEvent & { customerId: string; storeId: string }> = [];
  // Where each event came from: its line, and its place in the line's `events` (JSONL).
  const eventLines: number[] = [];
  const eventPlaces: number[] = [];
  for await (const record of readInputRecords(file, format)) {
    if (record.issues) {
      issues.push(...record.issues);
      continue;
    }
    const known = profiles.get(record.profile.customerId);
    if (known === undefined) profiles.set(record.profile.customerId, { ...record.profile, line: record.line });
    else {
      const conflict = mergeProfile(known, record.profile);
      if (conflict !== undefined) {
        issues.push({
          line: record.line,
          customerId: record.profile.customerId,
          field: conflict,
          message: `differs from line ${known.line} of the same customer`,
        });
        continue;
      }
    }
    record.events.forEach((event, place) => {
      events.push({ ...event, customerId: record.profile.customerId, storeId: record.profile.storeId });
      eventLines.push(record.line);
      eventPlaces.push(place);
    });
  }

  const doc = documentClient();
  const rejects = { keep: async () => undefined };
  const settings = { stores: await loadKnownStores(doc, tables) };
  const profileSinks = { profiles: new CustomerProfileWriter(doc, tables), rejects };
  const eventSinks = {
    events: new CustomerEventWriter(doc, tables, { retentionDays: policy.retention.eventDays }),
    rejects,
  };
  const summary: ImportSummary = {
    customers: profiles.size,
    accepted: 0,
    duplicates: 0,
    rejectedRecords: 0,
    failed: 0,
  };
  const batches = <T>(list: readonly T[]) =>
    Array.from({ length: Math.ceil(list.length / MAX_BATCH) }, (_, i) => ({
      start: i * MAX_BATCH,
      items: list.slice(i * MAX_BATCH, (i + 1) * MAX_BATCH),
    }));
  const profileList = [...profiles.values()];
  await pMap(
    batches(profileList),
    async ({ start, items }) => {
      const reply = await ingestProfiles(
        { customers: items.map(({ line: _line, ...profile }) => profile) },
        `import-profiles-${start}`,
        profileSinks,
        settings,
      );
      for (const { index, field, message } of reply.body.rejected ?? []) {
        const profile = profileList[start + index] as CustomerProfile & { line: number };
        issues.push({ line: profile.line, customerId: profile.customerId, field, message });
      }
      summary.failed += reply.body.failed?.length ?? 0;
    },
    { concurrency: 2 },
  );
  for (const { start, items } of batches(events)) {
    const reply = await ingestEvents({ events: items }, `import-${start}`, eventSinks, settings);
    summary.accepted += reply.body.accepted ?? 0;
    summary.duplicates += reply.body.duplicates?.length ?? 0;
    summary.failed += reply.body.failed?.length ?? 0;
    for (const { index, field, message } of reply.body.rejected ?? []) {
      const event = events[start + index] as (typeof events)[number];
      const named =
        format === 'jsonl' && field !== 'customerId' && field !== 'storeId'
          ? `events[${eventPlaces[start + index]}].${field}`
          : field;
      issues.push({ line: eventLines[start + index] as number, customerId: event.customerId, field: named, message });
    }
  }
  summary.rejectedRecords = new Set(issues.map((issue) => issue.line)).size;

  if (issues.length > 0) {
    const rejectsFile = options.rejects ?? `${file}.rejects.jsonl`;
    await writeFile(rejectsFile, issues.map((issue) => `${JSON.stringify(issue)}\n`).join(''), 'utf8');
    for (const issue of issues.slice(0, 10)) log(formatRecordIssue(issue));
    log(`${summary.rejectedRecords} rejected record(s), with reasons, in ${rejectsFile}`);
  }
  log(
    `imported ${file}: ${summary.customers} customers, ${summary.accepted} events accepted, ${summary.duplicates} duplicate(s) ignored, ` +
      `${summary.rejectedRecords} record(s) rejected${summary.failed > 0 ? `, ${summary.failed} event(s) NOT written (run the import again)` : ''}`,
  );
  if (summary.failed > 0) process.exitCode = 1;
  return summary;
}
