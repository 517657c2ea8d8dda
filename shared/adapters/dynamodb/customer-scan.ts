import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerRecord } from '../../customer/customer-record.ts';
import type { QuarantinedCustomer } from '../../scan/quarantined-customer.ts';
import type { CustomerPage, CustomerSource } from '../../scan/scan-segment.ts';
import { withRetries } from '../aws-retry.ts';
import { type CustomerItem, customerFromItem } from '../customer-item.ts';
import type { TableNames } from '../table-specs.ts';

/** The lists of the state that the indicators read: a state without them cannot be assessed. */
const STATE_LISTS = [
  ['visits', 'recentAt'],
  ['ratings', 'at'],
  ['interactions', 'recent'],
] as const;

/**
 * One item as a customer, or why it is not one: the field and the kind of fault, never the value
 * (a state that does not decode may hold anything, and JSON.parse quotes its input in its errors).
 */
export function readCustomer(item: Record<string, unknown>): CustomerRecord | QuarantinedCustomer {
  const customerId = String(item.customerId);
  const storeId = typeof item.storeId === 'string' ? item.storeId : undefined;
  const unreadable = (field: string, reason: string): QuarantinedCustomer => ({
    customerId,
    ...(storeId ? { storeId } : {}),
    stage: 'read',
    field,
    reason,
  });
  if (storeId === undefined || storeId === '') return unreadable('storeId', 'missing or not text');
  if (typeof item.version !== 'number') return unreadable('version', 'missing or not a number');
  if (typeof item.state !== 'string' && !(item.state instanceof Uint8Array))
    return unreadable('state', 'missing, or neither text nor binary');
  let customer: CustomerRecord;
  try {
    // Why the cast: the fields a customer cannot do without were checked just above; the others
    // are optional and written only by this code's writers (customer-item.ts).
    customer = customerFromItem(item as CustomerItem);
  } catch (error) {
    return unreadable('state', `does not decode (${error instanceof Error ? error.name : typeof error})`);
  }
  // The decoded state is JSON as stored, whatever its declared type: read as unknown until checked.
  const state: unknown = customer.state;
  if (state === null || typeof state !== 'object') return unreadable('state', 'not a customer state');
  for (const [part, list] of STATE_LISTS) {
    if (!Array.isArray(member(member(state, part), list)))
      return unreadable(`state.${part}.${list}`, 'missing or not a list');
  }
  return customer;
}

const member = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/** A scanned item that has to be a customer (a report, a check): an unreadable one stops the reader, named by its fault, never its value. */
export function customerOf(item: Record<string, unknown>): CustomerRecord {
  const read = readCustomer(item);
  if ('stage' in read) throw new Error(`customer ${read.customerId} is unreadable: ${read.field} ${read.reason}`);
  return read;
}

/**
 * The Customers table as a parallel scan: eventually consistent pages of one segment, each
 * customer's item read once, the events never touched. Reports the read units it used. An item
 * that cannot be read as a customer is handed back apart (quarantined), not thrown: one bad item
 * never stops the scan of the others.
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
    const customers: CustomerRecord[] = [];
    const unreadable: QuarantinedCustomer[] = [];
    for (const item of result.Items ?? []) {
      const read = readCustomer(item);
      if ('stage' in read) unreadable.push(read);
      else customers.push(read);
    }
    return {
      customers,
      ...(unreadable.length > 0 ? { unreadable } : {}),
      readUnits: result.ConsumedCapacity?.CapacityUnits ?? 0,
      ...(result.LastEvaluatedKey ? { nextKey: result.LastEvaluatedKey } : {}),
    };
  }
}
