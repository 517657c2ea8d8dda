import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RejectedRecord } from '../../ingest/event-batch.ts';
import type { RejectSink } from '../../ingest/ingest-events.ts';
import type { TableNames } from '../table-specs.ts';
import { batchPut } from './batch-put.ts';

const KEEP_DAYS = 90;
const MAX_RECORD_CHARS = 20_000;
const MAX_REASON_CHARS = 500;

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
      reasons: issues.map(({ field, message }) => ({
        field: field.slice(0, MAX_REASON_CHARS),
        message: message.slice(0, MAX_REASON_CHARS),
      })),
      record: JSON.stringify(issues[0]?.record).slice(0, MAX_RECORD_CHARS),
      receivedAt: new Date(now).toISOString(),
      expiresAtEpoch: Math.floor(now / 1000) + KEEP_DAYS * 86_400,
    }));
    await batchPut(this.#doc, this.#tables.rejects, items);
  }
}
