import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KnownStores } from '../../ingest/store-screening.ts';
import type { TableNames } from '../table-specs.ts';
import { scanItems } from './scan-items.ts';

/**
 * The chain's stores: every store someone in the staff directory is staffed for, active or not (a
 * store does not close when its manager leaves). Null when the directory names none yet.
 */
export async function loadKnownStores(doc: DynamoDBDocumentClient, tables: TableNames): Promise<KnownStores> {
  const people = await scanItems(doc, { TableName: tables.staff, ProjectionExpression: 'stores' });
  const stores = new Set<string>();
  for (const person of people) {
    for (const store of Array.isArray(person.stores) ? person.stores : [])
      if (typeof store === 'string' && store !== '*') stores.add(store);
  }
  return stores.size > 0 ? stores : null;
}
