import { createHash } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RiskEntry, SnapshotSink } from '../../scan/scan-segment.ts';
import type { TableNames } from '../table-specs.ts';
import { batchPut } from './batch-put.ts';

/**
 * What the monthly screening and the weekly summary saw, keyed so that a run delivered twice
 * overwrites its own rows instead of adding to them.
 */
export class SnapshotStore implements SnapshotSink {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames) {
    this.#doc = doc;
    this.#tables = tables;
  }

  async riskList(runId: string, asOf: number, entries: readonly RiskEntry[]): Promise<void> {
    const takenAt = new Date(asOf).toISOString();
    await this.#put(
      entries.map((entry) => ({
        snapshotId: `risk-list#${runId}`,
        entryKey: `${entry.storeId}#${entry.customerId}`,
        takenAt,
        ...entry,
      })),
    );
  }

  async storeCounts(runId: string, asOf: number, part: string, counts: ReadonlyMap<string, number[]>): Promise<void> {
    const takenAt = new Date(asOf).toISOString();
    // One row per store and part of the scan (a segment, or the stretch of it one invocation read);
    // the summary adds the parts up.
    const partKey = createHash('sha256').update(part).digest('hex').slice(0, 12);
    await this.#put(
      [...counts].map(([storeId, byLevel]) => ({
        snapshotId: `store-summary#${runId}`,
        entryKey: `${storeId}#${partKey}`,
        takenAt,
        storeId,
        part,
        byLevel,
      })),
    );
  }

  async #put(items: Array<Record<string, unknown>>): Promise<void> {
    await batchPut(this.#doc, this.#tables.snapshots, items);
  }
}
