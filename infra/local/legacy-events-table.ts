import { DeleteTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { migrateEventsTable } from '#shared/adapters/dynamodb/events-table-migration.ts';
import type { TableNames } from '#shared/adapters/table-specs.ts';

/**
 * A local data folder from before events were keyed by customer still has PREFIX + "Events": its
 * events are copied into the new table and the old table is dropped, once, when the stack starts.
 * (A deployed chain does the same by hand: docs/deploy.md, "Moving a deployed chain's events".)
 */
export async function moveLegacyLocalEvents(
  client: DynamoDBClient,
  doc: DynamoDBDocumentClient,
  names: TableNames,
  prefix: string,
  log: (line: string) => void,
): Promise<void> {
  const legacy = `${prefix}Events`;
  try {
    await client.send(new DescribeTableCommand({ TableName: legacy }));
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return;
    throw error;
  }
  const summary = await migrateEventsTable(doc, { from: legacy, to: names.events, customers: names.customers });
  await client.send(new DeleteTableCommand({ TableName: legacy }));
  log(
    `events: moved ${summary.copied} event(s) from ${legacy} to ${names.events} (keyed by customer and eventId now); ${legacy} dropped`,
  );
}
