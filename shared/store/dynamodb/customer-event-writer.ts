import { createHash } from 'node:crypto';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerEvent } from '../../customer/event-schema.ts';
import { applyEventInPlace } from '../../state/apply-event.ts';
import { customerFromItem, newCustomer, type CustomerItem, type CustomerRecord } from '../customer-item.ts';
import type { TableNames } from '../table-specs.ts';
import { withRetries } from './retry.ts';

/** DynamoDB takes at most 100 writes in one transaction: 99 events and the customer. */
const EVENTS_PER_TRANSACTION = 99;
const MAX_CONFLICTS = 10;

export interface WriteOutcome {
  accepted: string[];
  duplicates: string[];
}

export interface EventWriterOptions {
  /** Days an event is kept before TTL deletes it (the policy's retention). */
  retentionDays: number;
  now?: () => Date;
}

/**
 * Writes a customer's new events and the customer's aggregated state in one transaction, so the
 * two never disagree: each event only if its eventId is new, the state only if nobody changed it
 * since it was read. A re-sent event is reported as a duplicate and changes nothing; a concurrent
 * writer makes this one read again and retry.
 */
export class CustomerEventWriter {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;
  readonly #retentionSeconds: number;
  readonly #now: () => Date;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames, options: EventWriterOptions) {
    this.#doc = doc;
    this.#tables = tables;
    this.#retentionSeconds = options.retentionDays * 86_400;
    this.#now = options.now ?? (() => new Date());
  }

  async write(customerId: string, storeId: string, events: readonly CustomerEvent[]): Promise<WriteOutcome> {
    const outcome: WriteOutcome = { accepted: [], duplicates: [] };
    for (let start = 0; start < events.length; start += EVENTS_PER_TRANSACTION) {
      const chunk = await this.#writeChunk(customerId, storeId, events.slice(start, start + EVENTS_PER_TRANSACTION));
      outcome.accepted.push(...chunk.accepted);
      outcome.duplicates.push(...chunk.duplicates);
    }
    return outcome;
  }

  async read(customerId: string, consistent = true): Promise<CustomerRecord | undefined> {
    const { Item } = await withRetries(() =>
      this.#doc.send(new GetCommand({ TableName: this.#tables.customers, Key: { customerId }, ConsistentRead: consistent })),
    );
    return Item ? customerFromItem(Item as CustomerItem) : undefined;
  }

  async #writeChunk(customerId: string, storeId: string, events: CustomerEvent[]): Promise<WriteOutcome> {
    let pending = events;
    const duplicates: string[] = [];
    for (let attempt = 0; attempt < MAX_CONFLICTS && pending.length > 0; attempt++) {
      const record = (await this.read(customerId)) ?? newCustomer(customerId, storeId);
      for (const event of pending) applyEventInPlace(record.state, event);
      const cancelled = await this.#transact(record, storeId, pending);
      if (cancelled === null) return { accepted: pending.map((event) => event.eventId), duplicates };
      // The reasons line up with the writes: one per event, then the customer.
      const seen = new Set(pending.filter((_, i) => cancelled[i] === 'ConditionalCheckFailed').map((event) => event.eventId));
      duplicates.push(...seen);
      pending = pending.filter((event) => !seen.has(event.eventId));
    }
    if (pending.length > 0) throw new Error(`customer ${customerId}: gave up after ${MAX_CONFLICTS} concurrent updates`);
    return { accepted: [], duplicates };
  }

  /** One transaction; null when it went through, else the cancellation reason of each write. */
  async #transact(record: CustomerRecord, storeId: string, events: CustomerEvent[]): Promise<Array<string | undefined> | null> {
    const now = this.#now();
    const receivedAt = now.toISOString();
    const { customerId } = record.profile;
    // The same writes get the same token, so a retry after a lost reply is not applied twice.
    const token = createHash('sha256')
      .update(`${customerId}:${record.version}:${events.map((event) => event.eventId).join(',')}`)
      .digest('hex')
      .slice(0, 36);
    try {
      await withRetries(() =>
        this.#doc.send(
          new TransactWriteCommand({
            ClientRequestToken: token,
            TransactItems: [
              ...events.map((event) => {
                const at = Date.parse(event.at);
                return {
                  Put: {
                    TableName: this.#tables.events,
                    Item: {
                      eventId: event.eventId,
                      customerId,
                      storeId,
                      type: event.type,
                      atUtc: new Date(at).toISOString(),
                      event: JSON.stringify(event),
                      receivedAt,
                      expiresAtEpoch: Math.floor(at / 1000) + this.#retentionSeconds,
                    },
                    ConditionExpression: 'attribute_not_exists(eventId)',
                  },
                };
              }),
              {
                Update: {
                  TableName: this.#tables.customers,
                  Key: { customerId },
                  UpdateExpression:
                    'SET #state = :state, #version = :next, updatedAt = :now, storeId = if_not_exists(storeId, :store), ' +
                    '#segment = if_not_exists(#segment, :segment), #core = if_not_exists(#core, :core)',
                  ConditionExpression: record.version === 0 ? 'attribute_not_exists(customerId)' : '#version = :version',
                  ExpressionAttributeNames: { '#state': 'state', '#version': 'version', '#core': 'core', '#segment': 'segment' },
                  ExpressionAttributeValues: {
                    ':state': JSON.stringify(record.state),
                    ':next': record.version + 1,
                    ':now': receivedAt,
                    ':store': record.profile.storeId ?? storeId,
                    ':segment': record.profile.segment,
                    ':core': record.profile.core,
                    ...(record.version === 0 ? {} : { ':version': record.version }),
                  },
                },
              },
            ],
          }),
        ),
      );
      return null;
    } catch (error) {
      if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
      const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
      return reasons.map((reason) => reason.Code);
    }
  }
}
