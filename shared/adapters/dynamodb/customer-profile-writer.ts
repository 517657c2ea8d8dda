import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerProfile } from '../../customer/customer-file-schema.ts';
import { type CustomerRecord, newCustomer } from '../../customer/customer-record.ts';
import { TEXT_LIMITS } from '../../customer/text-limits.ts';
import { UnwritableCustomerError } from '../../ingest/unwritable-customer-error.ts';
import { upgradeState } from '../../state/apply-event.ts';
import { applyProfileInPlace } from '../../state/apply-profile.ts';
import { withRetries } from '../aws-retry.ts';
import { type CustomerItem, customerFromItem } from '../customer-item.ts';
import { encodeState } from '../state-encoding.ts';
import type { TableNames } from '../table-specs.ts';
import { itemBytes, MAX_CUSTOMER_ITEM_BYTES } from './item-size.ts';

const MAX_CONFLICTS = 10;

/**
 * Profiles from the member system: segment, core flag, membership, tags on the customer's item
 * (with the state's copy of the membership, so scans read numbers), contact data in its own table.
 * Writing the same profile again changes nothing that matters. A file that cannot be read or
 * would pass MAX_CUSTOMER_ITEM_BYTES is refused (UnwritableCustomerError), not retried.
 */
export class CustomerProfileWriter {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames) {
    this.#doc = doc;
    this.#tables = tables;
  }

  async upsert(profile: CustomerProfile): Promise<void> {
    const { contact, ...rest } = profile;
    if (contact !== undefined) {
      await withRetries(() =>
        this.#doc.send(
          new PutCommand({
            TableName: this.#tables.contacts,
            Item: { customerId: profile.customerId, ...contact, updatedAt: new Date().toISOString() },
          }),
        ),
      );
    }
    for (let attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
      const { Item } = await withRetries(() =>
        this.#doc.send(
          new GetCommand({
            TableName: this.#tables.customers,
            Key: { customerId: profile.customerId },
            ConsistentRead: true,
          }),
        ),
      );
      let record: CustomerRecord;
      try {
        record = Item ? customerFromItem(Item as CustomerItem) : newCustomer(profile.customerId, profile.storeId);
      } catch (error) {
        throw new UnwritableCustomerError(
          `this customer's file cannot be read (${(error as Error).name}); it needs repair before it takes a profile`,
          'customerId',
          { cause: error },
        );
      }
      upgradeState(record.state, TEXT_LIMITS.eventId);
      applyProfileInPlace(record.state, rest);
      const state = encodeState(record.state);
      const written = {
        ...Item,
        storeId: rest.storeId,
        segment: rest.segment,
        core: rest.core,
        membership: rest.membership ?? {},
        tags: rest.tags ?? [],
        state,
        version: record.version + 1,
        updatedAt: new Date().toISOString(),
      };
      if (itemBytes(written) > MAX_CUSTOMER_ITEM_BYTES) {
        throw new UnwritableCustomerError(
          `this customer's file would pass ${MAX_CUSTOMER_ITEM_BYTES} bytes; the record is kept for repair`,
        );
      }
      try {
        await withRetries(() =>
          this.#doc.send(
            new UpdateCommand({
              TableName: this.#tables.customers,
              Key: { customerId: profile.customerId },
              UpdateExpression:
                'SET storeId = :store, #segment = :segment, #core = :core, membership = :membership, tags = :tags, #state = :state, #version = :next, updatedAt = :now',
              ConditionExpression: record.version === 0 ? 'attribute_not_exists(customerId)' : '#version = :version',
              ExpressionAttributeNames: {
                '#segment': 'segment',
                '#core': 'core',
                '#state': 'state',
                '#version': 'version',
              },
              ExpressionAttributeValues: {
                ':store': rest.storeId,
                ':segment': rest.segment,
                ':core': rest.core,
                ':membership': rest.membership ?? {},
                ':tags': rest.tags ?? [],
                ':state': state,
                ':next': record.version + 1,
                ':now': new Date().toISOString(),
                ...(record.version === 0 ? {} : { ':version': record.version }),
              },
            }),
          ),
        );
        return;
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'ValidationException')
          throw new UnwritableCustomerError(
            `DynamoDB refuses this customer's file: ${(error as Error).message}`,
            'customerId',
            { cause: error },
          );
        if (name !== 'ConditionalCheckFailedException') throw error;
      }
    }
    throw new Error(`customer ${profile.customerId}: gave up after ${MAX_CONFLICTS} concurrent updates`);
  }
}
