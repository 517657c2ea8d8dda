import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableNames } from '../table-specs.ts';
import { withRetries } from './retry.ts';

/**
 * The alerts identified in a local month ("2026-11"): their `identifiedAt` is written in the
 * policy's time zone, so the month is a prefix. A report reads them once a month: a filtered scan.
 */
export async function alertsIdentifiedIn(doc: DynamoDBDocumentClient, tables: TableNames, month: string): Promise<Array<Record<string, any>>> {
  const items: Array<Record<string, any>> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await withRetries(() =>
      doc.send(
        new ScanCommand({
          TableName: tables.alerts,
          FilterExpression: 'begins_with(identifiedAt, :month)',
          ExpressionAttributeValues: { ':month': month },
          ExclusiveStartKey,
        }),
      ),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
