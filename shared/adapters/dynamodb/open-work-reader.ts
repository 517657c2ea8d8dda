import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import { type QueueEntry, queueEntrySchema } from '../../queue/queue-entry.ts';
import type { WorkSource } from '../../scan/open-cases.ts';
import type { TableNames } from '../table-specs.ts';
import { scanItems } from './scan-items.ts';

/** Segments of the parallel read: the Alerts table is read whole, so in a few streams. */
const READ_SEGMENTS = 4;

/**
 * The chain's queued alerts and open cases, read from the Alerts table (the one record of what
 * is waiting and what is worked), strongly consistent so that an opening a moment ago counts. A
 * filtered scan: it reads every alert, closed ones too, which at 0.5 read units per 4 KB costs
 * cents a day for a chain of 100,000 customers; an index of open work would be cheaper beyond.
 */
export class OpenWorkReader implements WorkSource {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames) {
    this.#doc = doc;
    this.#tables = tables;
  }

  async work(): Promise<{ entries: QueueEntry[]; unreadable: string[] }> {
    const items = await readOpenWork(this.#doc, this.#tables, { consistent: true });
    const entries: QueueEntry[] = [];
    const unreadable: string[] = [];
    for (const item of items) {
      const parsed = queueEntrySchema.safeParse(item);
      if (parsed.success) entries.push(parsed.data);
      else unreadable.push(`${String(item.customerId)}#${String(item.alertId)}`);
    }
    return { entries, unreadable };
  }
}

/**
 * The queued alerts and open cases as stored, read in a few parallel streams: the one read the
 * work queue (strongly consistent, for the opening step) and the digest and worklist (eventually
 * consistent, with each case's waiting step) share.
 */
export async function readOpenWork(
  doc: DynamoDBDocumentClient,
  tables: TableNames,
  options: { consistent: boolean; withAwaiting?: boolean },
): Promise<Array<Record<string, unknown>>> {
  const pages = await pMap(
    Array.from({ length: READ_SEGMENTS }, (_, segment) => segment),
    (segment) =>
      scanItems(doc, {
        TableName: tables.alerts,
        Segment: segment,
        TotalSegments: READ_SEGMENTS,
        ConsistentRead: options.consistent,
        FilterExpression: '#status IN (:queued, :open, :working)',
        ProjectionExpression: `customerId, alertId, storeId, #level, identifiedAt, #status, priority, openedAt, levelHistory, executionName, caseStartedAt${options.withAwaiting ? ', awaiting' : ''}`,
        ExpressionAttributeNames: { '#status': 'status', '#level': 'level' },
        ExpressionAttributeValues: { ':queued': 'queued', ':open': 'open', ':working': 'in_progress' },
      }),
    { concurrency: READ_SEGMENTS },
  );
  return pages.flat();
}
