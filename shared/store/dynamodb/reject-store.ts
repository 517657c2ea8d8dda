import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RejectedRecord } from '../../ingest/event-batch.ts';
import type { RejectSink } from '../../ingest/ingest-events.ts';
import type { TableNames } from '../table-specs.ts';
import { withRetries } from './retry.ts';

const KEEP_DAYS = 90;
const MAX_RECORD_CHARS = 20_000;

/** Keeps refused records with their reasons for 90 days, so the sender can repair and re-send them. */
export class RejectStore implements RejectSink {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames) {
    this.#doc = doc;
    this.#tables = tables;
  }

  async keep(batchId: string, rejected: readonly RejectedRecord[]): Promise<void> {
    const now = Date.now();
    // One item per record: a record with several bad fields keeps all its reasons together.
    const byIndex = new Map<number, RejectedRecord[]>();
    for (const issue of rejected) byIndex.set(issue.index, [...(byIndex.get(issue.index) ?? []), issue]);
    const items = [...byIndex].map(([recordIndex, issues]) => ({
      batchId,
      recordIndex,
      reasons: issues.map(({ field, message }) => ({ field, message })),
      record: JSON.stringify(issues[0]?.record).slice(0, MAX_RECORD_CHARS),
      receivedAt: new Date(now).toISOString(),
      expiresAtEpoch: Math.floor(now / 1000) + KEEP_DAYS * 86_400,
    }));
    for (let start = 0; start < items.length; start += 25) {
      let requests = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
      // BatchWrite may hand some writes back unprocessed under load: send those again.
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`batch ${batchId}: could not keep ${requests.length} rejected records`);
        const result = await withRetries(() => this.#doc.send(new BatchWriteCommand({ RequestItems: { [this.#tables.rejects]: requests } })));
        requests = (result.UnprocessedItems?.[this.#tables.rejects] ?? []) as typeof requests;
        if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }
}
