import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerPage, CustomerSource } from '../../scan/scan-segment.ts';
import { customerFromItem, type CustomerItem } from '../customer-item.ts';
import type { TableNames } from '../table-specs.ts';
import { withRetries } from './retry.ts';

/**
 * The Customers table as a parallel scan: eventually consistent pages of one segment, each
 * customer's item read once, the events never touched. Reports the read units it used.
 */
export class CustomerScan implements CustomerSource {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;
  readonly #pageLimit: number | undefined;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames, pageLimit?: number) {
    this.#doc = doc;
    this.#tables = tables;
    this.#pageLimit = pageLimit;
  }

  async page(segment: number, totalSegments: number, startKey?: Record<string, unknown>): Promise<CustomerPage> {
    const result = await withRetries(() =>
      this.#doc.send(
        new ScanCommand({
          TableName: this.#tables.customers,
          Segment: segment,
          TotalSegments: totalSegments,
          ConsistentRead: false,
          ReturnConsumedCapacity: 'TOTAL',
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          ...(this.#pageLimit ? { Limit: this.#pageLimit } : {}),
        }),
      ),
    );
    return {
      customers: (result.Items ?? []).map((item) => customerFromItem(item as CustomerItem)),
      readUnits: result.ConsumedCapacity?.CapacityUnits ?? 0,
      ...(result.LastEvaluatedKey ? { nextKey: result.LastEvaluatedKey } : {}),
    };
  }
}
