import { writeFile } from 'node:fs/promises';
import pMap from 'p-map';
import type { CustomerProfile } from '#shared/customer/customer-file-schema.ts';
import type { CustomerEvent } from '#shared/customer/event-schema.ts';
import { formatRecordIssue, type RecordIssue } from '#shared/customer/record-issue.ts';
import { ingestEvents } from '#shared/ingest/ingest-events.ts';
import { CustomerEventWriter } from '#shared/store/dynamodb/customer-event-writer.ts';
import { CustomerProfileWriter } from '#shared/store/dynamodb/customer-profile-writer.ts';
import { documentClient } from '#shared/store/dynamodb/document-client.ts';
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
 * everything good is loaded; running it again loads nothing twice.
 */
export async function importCommand(file: string, options: ImportOptions, log: (line: string) => void): Promise<ImportSummary> {
  const format = inputFormatOf(file, options.inputFormat);
  const policy = await loadPolicyOption(options.policy);
  const tables = await resolveTables(options, log);

  const issues: RecordIssue[] = [];
  const profiles = new Map<string, CustomerProfile & { line: number }>();
  const events: Array<CustomerEvent & { customerId: string; storeId: string }> = [];
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
        issues.push({ line: record.line, customerId: record.profile.customerId, field: conflict, message: `differs from line ${known.line} of the same customer` });
        continue;
      }
    }
    for (const event of record.events) events.push({ ...event, customerId: record.profile.customerId, storeId: record.profile.storeId });
  }

  const doc = documentClient();
  const profileWriter = new CustomerProfileWriter(doc, tables);
  const sinks = {
    events: new CustomerEventWriter(doc, tables, { retentionDays: policy.retention.eventDays }),
    rejects: { keep: async () => undefined },
  };
  const summary: ImportSummary = { customers: profiles.size, accepted: 0, duplicates: 0, rejectedRecords: new Set(issues.map((issue) => issue.line)).size, failed: 0 };
  await pMap(profiles.values(), ({ line: _line, ...profile }) => profileWriter.upsert(profile), { concurrency: 8 });
  for (let start = 0; start < events.length; start += 500) {
    const reply = await ingestEvents({ events: events.slice(start, start + 500) }, `import-${start}`, sinks);
    summary.accepted += reply.body.accepted ?? 0;
    summary.duplicates += reply.body.duplicates?.length ?? 0;
    summary.failed += reply.body.failed?.length ?? 0;
  }

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
