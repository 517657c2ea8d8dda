import { createHash } from 'node:crypto';
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type CustomerRecord, newCustomer } from '../../customer/customer-record.ts';
import type { CustomerEvent } from '../../customer/event-schema.ts';
import { TEXT_LIMITS } from '../../customer/text-limits.ts';
import { conflictMessage, firstDifference } from '../../ingest/event-content.ts';
import type { Screening } from '../../ingest/store-screening.ts';
import { UnwritableCustomerError } from '../../ingest/unwritable-customer-error.ts';
import { applyEventInPlace, upgradeState } from '../../state/apply-event.ts';
import type { CustomerState } from '../../state/customer-state.ts';
import type { FieldIssue } from '../../validation/field-issues.ts';
import { withRetries } from '../aws-retry.ts';
import { type CustomerItem, customerFromItem } from '../customer-item.ts';
import { encodeState } from '../state-encoding.ts';
import type { TableNames } from '../table-specs.ts';
import { itemBytes, MAX_CUSTOMER_ITEM_BYTES } from './item-size.ts';

/** DynamoDB takes at most 100 writes in one transaction: the events and the customer. */
const TRANSACTION_ITEMS = 100;
const MAX_CONFLICTS = 10;

export interface RecordVerdict extends FieldIssue {
  eventId: string;
}

export interface WriteOutcome {
  accepted: string[];
  duplicates: string[];
  /** Not written, with the reason: a conflict with an event of the same id, the screening, the file's size. */
  refused: RecordVerdict[];
  /** Written, with something for the sender to look at. */
  flagged: RecordVerdict[];
}

export interface EventWriterOptions {
  /** Days an event is kept before TTL deletes it (the policy's retention). */
  retentionDays: number;
  now?: () => Date;
  /**
   * While a deployed chain moves from the Events table keyed by eventId alone to the one keyed by
   * customer and eventId: the old table, checked in the same transaction so that an event already
   * there for the same customer is a duplicate even before the copy has reached it.
   */
  legacyEventsTable?: string;
}

export interface WriteOptions {
  /** Judges the events against the customer's profile as stored (undefined: no profile yet). */
  screen?: (profile: CustomerRecord['profile'] | undefined) => Screening;
}

interface StoredEvent {
  customerId?: string;
  storeId?: string;
  event?: string;
  receivedAt?: string;
}

/**
 * Writes a customer's new events and the customer's aggregated state in one transaction, so the
 * two never disagree: each event only if the customer has no event with its eventId yet, the state
 * only if nobody changed it since it was read. An event sent again with the same content is a
 * duplicate and changes nothing; with other content it is a conflict, refused and named. A
 * concurrent writer makes this one read again and retry. Before writing, the item is measured:
 * an event that would take it past MAX_CUSTOMER_ITEM_BYTES is refused with the reason.
 */
export class CustomerEventWriter {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;
  readonly #retentionSeconds: number;
  readonly #now: () => Date;
  readonly #legacy: string | undefined;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames, options: EventWriterOptions) {
    this.#doc = doc;
    this.#tables = tables;
    this.#retentionSeconds = options.retentionDays * 86_400;
    this.#now = options.now ?? (() => new Date());
    this.#legacy = options.legacyEventsTable || undefined;
  }

  async write(
    customerId: string,
    storeId: string,
    events: readonly CustomerEvent[],
    options: WriteOptions = {},
  ): Promise<WriteOutcome> {
    const outcome: WriteOutcome = { accepted: [], duplicates: [], refused: [], flagged: [] };
    // With the old table checked, each event takes two of the transaction's writes.
    const perTransaction = this.#legacy ? Math.floor((TRANSACTION_ITEMS - 1) / 2) : TRANSACTION_ITEMS - 1;
    for (let start = 0; start < events.length; start += perTransaction) {
      const chunk = await this.#writeChunk(customerId, storeId, events.slice(start, start + perTransaction), options);
      for (const key of ['accepted', 'duplicates', 'refused', 'flagged'] as const)
        (outcome[key] as unknown[]).push(...chunk[key]);
    }
    return outcome;
  }

  async read(customerId: string, consistent = true): Promise<CustomerRecord | undefined> {
    const item = await this.#readItem(customerId, consistent);
    return item ? customerFromItem(item) : undefined;
  }

  async #readItem(customerId: string, consistent = true): Promise<CustomerItem | undefined> {
    const { Item } = await withRetries(() =>
      this.#doc.send(
        new GetCommand({ TableName: this.#tables.customers, Key: { customerId }, ConsistentRead: consistent }),
      ),
    );
    return Item as CustomerItem | undefined;
  }

  async #writeChunk(
    customerId: string,
    storeId: string,
    events: CustomerEvent[],
    options: WriteOptions,
  ): Promise<WriteOutcome> {
    let pending = events;
    const outcome: WriteOutcome = { accepted: [], duplicates: [], refused: [], flagged: [] };
    for (let attempt = 0; attempt < MAX_CONFLICTS && pending.length > 0; attempt++) {
      const item = await this.#readItem(customerId);
      let record: CustomerRecord | undefined;
      try {
        record = item ? customerFromItem(item) : undefined;
      } catch (error) {
        throw new UnwritableCustomerError(
          `this customer's file cannot be read (${(error as Error).name}); it needs repair before it takes events`,
          'customerId',
          { cause: error },
        );
      }
      const screening = options.screen?.(record?.profile);
      if (screening?.verdict === 'refuse') {
        outcome.refused.push(...pending.map((event) => ({ eventId: event.eventId, ...screening.issue })));
        return outcome;
      }
      const base = record ?? newCustomer(customerId, storeId);
      upgradeState(base.state, TEXT_LIMITS.eventId);
      const sized = this.#applyWithinLimit(item, base.state, pending);
      outcome.refused.push(...sized.refused);
      if (sized.admitted.length === 0) return outcome;
      base.state = sized.state;

      const cancelled = await this.#transact(base, sized.encoded, storeId, sized.admitted);
      if (cancelled === null) {
        outcome.accepted.push(...sized.admitted.map((event) => event.eventId));
        if (screening?.verdict === 'flag')
          outcome.flagged.push(...sized.admitted.map((event) => ({ eventId: event.eventId, ...screening.issue })));
        return outcome;
      }
      // The reasons line up with the writes: one per event (and its check of the old table), then the customer.
      const customerReason = cancelled.at(-1);
      if (customerReason?.Code === 'ValidationError') {
        throw new UnwritableCustomerError(
          `DynamoDB refuses this customer's file: ${customerReason.Message ?? 'validation error'}`,
        );
      }
      const decided = new Set<string>();
      const stride = this.#legacy ? 2 : 1;
      for (const [i, event] of sized.admitted.entries()) {
        const [put, check] = [cancelled[i * stride], this.#legacy ? cancelled[i * stride + 1] : undefined];
        const invalid = [put, check].find((reason) => reason?.Code === 'ValidationError');
        if (invalid) {
          outcome.refused.push({
            eventId: event.eventId,
            field: '(whole record)',
            message: `DynamoDB refuses this event: ${invalid.Message ?? 'validation error'}`,
          });
          decided.add(event.eventId);
          continue;
        }
        const inNew = put?.Code === 'ConditionalCheckFailed';
        if (!inNew && check?.Code !== 'ConditionalCheckFailed') continue;
        decided.add(event.eventId);
        const found = inNew ? put : check;
        const stored = found?.Item
          ? storedEventOf(found.Item)
          : await this.#storedEvent(customerId, event.eventId, !inNew);
        const verdict = this.#compare(storeId, event, stored);
        if (verdict === undefined) outcome.duplicates.push(event.eventId);
        else outcome.refused.push(verdict);
      }
      pending = sized.admitted.filter((event) => !decided.has(event.eventId));
      if (decided.size === 0 && customerReason?.Code !== 'ConditionalCheckFailed') {
        // Throttled or in conflict with another transaction: the same writes again, a moment later.
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** Math.min(attempt, 6) * (0.5 + Math.random())));
      }
    }
    if (pending.length > 0)
      throw new Error(`customer ${customerId}: gave up after ${MAX_CONFLICTS} concurrent updates`);
    return outcome;
  }

  /**
   * The state with the events applied, if the customer's item stays within the limit; else the
   * events one by one, each refused that would take the item past it.
   */
  #applyWithinLimit(item: CustomerItem | undefined, state: CustomerState, events: CustomerEvent[]) {
    const rest = item ?? { customerId: '', storeId: '', segment: 'regular', core: false };
    const fits = (encoded: string | Uint8Array) =>
      itemBytes({ ...rest, state: encoded, version: 0, updatedAt: '' }) <= MAX_CUSTOMER_ITEM_BYTES;
    const all = structuredClone(state);
    for (const event of events) applyEventInPlace(all, event);
    const allEncoded = encodeState(all);
    if (fits(allEncoded)) return { state: all, encoded: allEncoded, admitted: events, refused: [] as RecordVerdict[] };
    let current = state;
    let encoded = encodeState(state);
    const admitted: CustomerEvent[] = [];
    const refused: RecordVerdict[] = [];
    for (const event of events) {
      const next = structuredClone(current);
      applyEventInPlace(next, event);
      const nextEncoded = encodeState(next);
      if (fits(nextEncoded)) {
        current = next;
        encoded = nextEncoded;
        admitted.push(event);
      } else {
        refused.push({
          eventId: event.eventId,
          field: 'customerId',
          message: `this customer's file would pass ${MAX_CUSTOMER_ITEM_BYTES} bytes; the record is kept for repair`,
        });
      }
    }
    return { state: current, encoded, admitted, refused };
  }

  /** Undefined for the same content (a duplicate), else the conflict, naming the field that differs. */
  #compare(storeId: string, event: CustomerEvent, stored: StoredEvent | undefined): RecordVerdict | undefined {
    if (stored?.event === undefined) return undefined;
    let before: CustomerEvent;
    try {
      before = JSON.parse(stored.event) as CustomerEvent;
    } catch {
      return {
        eventId: event.eventId,
        field: '(whole record)',
        message: conflictMessage('content', stored.receivedAt),
      };
    }
    const field = firstDifference({ storeId: stored.storeId ?? storeId, event: before }, { storeId, event });
    return field === undefined
      ? undefined
      : { eventId: event.eventId, field, message: conflictMessage(field, stored.receivedAt) };
  }

  /** The stored event, when the cancellation did not carry it. */
  async #storedEvent(customerId: string, eventId: string, legacy: boolean): Promise<StoredEvent | undefined> {
    const table = legacy && this.#legacy ? this.#legacy : this.#tables.events;
    const key = legacy && this.#legacy ? { eventId } : { customerId, eventId };
    const { Responses } = await withRetries(() =>
      this.#doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: [key], ConsistentRead: true } } })),
    );
    return Responses?.[table]?.[0] as StoredEvent | undefined;
  }

  /** One transaction; null when it went through, else the cancellation reason of each write. */
  async #transact(
    record: CustomerRecord,
    encodedState: string | Uint8Array,
    storeId: string,
    events: CustomerEvent[],
  ): Promise<Array<CancellationReason | undefined> | null> {
    const now = this.#now();
    const receivedAt = now.toISOString();
    const { customerId } = record.profile;
    // The same writes get the same token, so a retry after a lost reply is not applied twice. Tokens
    // are the account's, not the table's: the table is part of it.
    const token = createHash('sha256')
      .update(
        JSON.stringify([this.#tables.customers, customerId, record.version, events.map((event) => event.eventId)]),
      )
      .digest('hex')
      .slice(0, 36);
    const legacy = this.#legacy;
    try {
      await withRetries(() =>
        this.#doc.send(
          new TransactWriteCommand({
            ClientRequestToken: token,
            TransactItems: [
              ...events.flatMap((event) => {
                const at = Date.parse(event.at);
                const put = {
                  Put: {
                    TableName: this.#tables.events,
                    Item: {
                      customerId,
                      eventId: event.eventId,
                      storeId,
                      type: event.type,
                      atUtc: new Date(at).toISOString(),
                      event: JSON.stringify(event),
                      receivedAt,
                      expiresAtEpoch: Math.floor(at / 1000) + this.#retentionSeconds,
                    },
                    ConditionExpression: 'attribute_not_exists(eventId)',
                    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
                  },
                };
                if (legacy === undefined) return [put];
                const check = {
                  ConditionCheck: {
                    TableName: legacy,
                    Key: { eventId: event.eventId },
                    // Another customer's event with the same id is another event.
                    ConditionExpression: 'attribute_not_exists(eventId) OR customerId <> :customer',
                    ExpressionAttributeValues: { ':customer': customerId },
                    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
                  },
                };
                return [put, check];
              }),
              {
                Update: {
                  TableName: this.#tables.customers,
                  Key: { customerId },
                  UpdateExpression:
                    'SET #state = :state, #version = :next, updatedAt = :now, storeId = if_not_exists(storeId, :store), ' +
                    '#segment = if_not_exists(#segment, :segment), #core = if_not_exists(#core, :core)',
                  ConditionExpression:
                    record.version === 0 ? 'attribute_not_exists(customerId)' : '#version = :version',
                  ExpressionAttributeNames: {
                    '#state': 'state',
                    '#version': 'version',
                    '#core': 'core',
                    '#segment': 'segment',
                  },
                  ExpressionAttributeValues: {
                    ':state': encodedState,
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
      const name = (error as { name?: string }).name;
      // Not worth a retry: the same write will be refused again (an item too large, a value DynamoDB cannot store).
      if (name === 'ValidationException')
        throw new UnwritableCustomerError(`DynamoDB refuses this write: ${(error as Error).message}`, 'customerId', {
          cause: error,
        });
      if (name !== 'TransactionCanceledException') throw error;
      return (error as { CancellationReasons?: Array<CancellationReason | undefined> }).CancellationReasons ?? [];
    }
  }
}

/** A cancellation reason's item comes as DynamoDB wrote it ({"S": "..."}): the document client does not translate errors. */
function storedEventOf(item: Record<string, unknown>): StoredEvent {
  const text = (name: string): string | undefined => {
    const value = item[name];
    if (typeof value === 'string') return value;
    const wrapped = (value as { S?: unknown } | undefined)?.S;
    return typeof wrapped === 'string' ? wrapped : undefined;
  };
  const stored: StoredEvent = {};
  for (const name of ['customerId', 'storeId', 'event', 'receivedAt'] as const) {
    const value = text(name);
    if (value !== undefined) stored[name] = value;
  }
  return stored;
}

interface CancellationReason {
  Code?: string;
  Message?: string;
  Item?: Record<string, unknown>;
}
