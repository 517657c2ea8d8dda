import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { withRetries } from '../aws-retry.ts';
import type { TableNames } from '../table-specs.ts';

/**
 * Which copies of a report have gone out, in the Snapshots table: a scheduled run delivered twice
 * (EventBridge delivers at least once) or retried after a failure sends each copy once more at
 * most, never again once it is recorded.
 */
export class ReportDeliveries {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames) {
    this.#doc = doc;
    this.#tables = tables;
  }

  static #key(kind: string, period: string, scope: string) {
    return { snapshotId: `report#${kind}#${period}`, entryKey: `sent#${scope}` };
  }

  async wasSent(kind: string, period: string, scope: string): Promise<boolean> {
    const { Item } = await withRetries(() =>
      this.#doc.send(
        new GetCommand({
          TableName: this.#tables.snapshots,
          Key: ReportDeliveries.#key(kind, period, scope),
          ConsistentRead: true,
        }),
      ),
    );
    return Item !== undefined;
  }

  async recordSent(
    kind: string,
    period: string,
    scope: string,
    details: { sentAt: string; recipients: number; stored: string[] },
  ): Promise<void> {
    await withRetries(() =>
      this.#doc.send(
        new PutCommand({
          TableName: this.#tables.snapshots,
          Item: { ...ReportDeliveries.#key(kind, period, scope), ...details },
        }),
      ),
    );
  }
}
