import { documentClient } from '#shared/adapters/dynamodb/document-client.ts';
import { type EventsMigrationSummary, migrateEventsTable } from '#shared/adapters/dynamodb/events-table-migration.ts';
import { TABLES } from '#shared/adapters/table-specs.ts';
import { resolveTables } from './tables-option.ts';
import { UsageError } from './usage-error.ts';

const LEGACY_TABLE_ID = 'Events';

/**
 * `winback events migrate`: copies the old Events table (keyed by eventId alone) into
 * CustomerEvents (customer and eventId). Safe to run while ingestion goes on, and to run again.
 */
export async function migrateEventsCommand(
  options: { from?: string; tablePrefix?: string; dataDir?: string },
  log: (line: string) => void,
): Promise<EventsMigrationSummary> {
  const tables = await resolveTables(options, log);
  // Local tables are PREFIX + construct id, so the old one's name is known; a deployed one's is not.
  const localPrefix = tables.events.endsWith(TABLES.events.id)
    ? tables.events.slice(0, -TABLES.events.id.length)
    : undefined;
  const from =
    options.from ??
    process.env.LEGACY_EVENTS_TABLE ??
    (localPrefix === undefined ? undefined : `${localPrefix}${LEGACY_TABLE_ID}`);
  if (from === undefined)
    throw new UsageError(
      '--from: name the old Events table (the stack no longer lists it; see docs/deploy.md, step 6)',
    );
  if (from === tables.events) throw new UsageError(`--from: ${from} is the new table itself`);
  const summary = await migrateEventsTable(documentClient(), { from, to: tables.events, customers: tables.customers });
  log(
    `events: ${summary.read} read from ${from}, ${summary.copied} copied to ${tables.events}, ${summary.alreadyThere} already there, ` +
      `${summary.expired} past their retention, ${summary.erased} of erased customers left out`,
  );
  return summary;
}
