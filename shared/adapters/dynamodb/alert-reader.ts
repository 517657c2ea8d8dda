import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableNames } from '../table-specs.ts';
import { scanItems } from './scan-items.ts';

/**
 * The alerts identified in a local month ("2026-11"): their `identifiedAt` is written in the
 * policy's time zone, so the month is a prefix. A report reads them once a month: a filtered scan.
 */
export function alertsIdentifiedIn(doc: DynamoDBDocumentClient, tables: TableNames, month: string): Promise<Array<Record<string, any>>> {
  return scanItems(doc, { TableName: tables.alerts, FilterExpression: 'begins_with(identifiedAt, :month)', ExpressionAttributeValues: { ':month': month } });
}
