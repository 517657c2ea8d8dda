import { BatchGetCommand, type DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import { withRetries } from '../aws-retry.ts';

export interface EventsMigrationOptions {
  /** The old table, keyed by eventId alone. */
  from: string;
  /** The new table, keyed by customerId and eventId. */
  to: string;
  /** The Customers table: an event whose customer has no file any more (erased) is not brought back. */
  customers: string;
  /** Epoch ms; an item past its TTL (which DynamoDB deletes late) is not copied. */
  now?: number;
  /** Parallel scan segments of the old table. */
  segments?: number;
  onProgress?: (summary: EventsMigrationSummary) => void;
}

export interface EventsMigrationSummary {
  /** Items read from the old table. */
  read: number;
  copied: number;
  /** Already in the new table (written since the deployment, or by an earlier run): left as they are. */
  alreadyThere: number;
  expired: number;
  /** Their customer was erased: copying them would undo the erasure. */
  erased: number;
}

/**
 * Copies every event of the old Events table (keyed by eventId alone) into CustomerEvents (keyed
 * by customerId and eventId), item for item, each only if the new table does not hold it yet: a
 * rerun, or a run alongside live ingestion, copies nothing twice and overwrites nothing newer.
 *
 * What the old key lost cannot be found here: of two customers' events with one id, the old table
 * kept the first, and the second was answered as a duplicate; its sender can send it again now.
 */
export async function migrateEventsTable(
  doc: DynamoDBDocumentClient,
  options: EventsMigrationOptions,
): Promise<EventsMigrationSummary> {
  const now = options.now ?? Date.now();
  const summary: EventsMigrationSummary = { read: 0, copied: 0, alreadyThere: 0, expired: 0, erased: 0 };
  const segments = options.segments ?? 4;
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await withRetries(() =>
          doc.send(
            new ScanCommand({
              TableName: options.from,
              Segment: segment,
              TotalSegments: segments,
              ExclusiveStartKey: startKey,
              ConsistentRead: true,
            }),
          ),
        );
        const items = page.Items ?? [];
        summary.read += items.length;
        const live = items.filter((item) => {
          const expired = typeof item.expiresAtEpoch === 'number' && item.expiresAtEpoch * 1000 <= now;
          if (expired) summary.expired += 1;
          return !expired && typeof item.customerId === 'string' && typeof item.eventId === 'string';
        });
        const existing = await existingCustomers(
          doc,
          options.customers,
          new Set(live.map((item) => item.customerId as string)),
        );
        await pMap(
          live,
          async (item) => {
            if (!existing.has(item.customerId as string)) {
              summary.erased += 1;
              return;
            }
            try {
              await withRetries(() =>
                doc.send(
                  new PutCommand({
                    TableName: options.to,
                    Item: item,
                    ConditionExpression: 'attribute_not_exists(eventId)',
                  }),
                ),
              );
              summary.copied += 1;
            } catch (error) {
              if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
              summary.alreadyThere += 1;
            }
          },
          { concurrency: 16 },
        );
        options.onProgress?.({ ...summary });
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }),
  );
  return summary;
}

/** Which of these customers still have a file. */
async function existingCustomers(
  doc: DynamoDBDocumentClient,
  table: string,
  customerIds: ReadonlySet<string>,
): Promise<Set<string>> {
  const found = new Set<string>();
  const ids = [...customerIds];
  for (let start = 0; start < ids.length; start += 100) {
    let keys: Array<Record<string, unknown>> | undefined = ids
      .slice(start, start + 100)
      .map((customerId) => ({ customerId }));
    for (let attempt = 0; keys && keys.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`${table}: ${keys.length} keys still unprocessed after ${attempt} attempts`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt * (0.5 + Math.random())));
      const request = { [table]: { Keys: keys, ProjectionExpression: 'customerId', ConsistentRead: true } };
      const result = await withRetries(() => doc.send(new BatchGetCommand({ RequestItems: request })));
      for (const item of result.Responses?.[table] ?? []) found.add(String(item.customerId));
      keys = result.UnprocessedKeys?.[table]?.Keys as Array<Record<string, unknown>> | undefined;
    }
  }
  return found;
}
