import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stepLinkRecord, type StepLinkRecord } from '../../links/step-link.ts';
import type { TableNames } from '../table-specs.ts';
import { withRetries } from './retry.ts';
import { writeIfCondition } from './conditional-write.ts';

/** The Links table: what each emailed link stands for, looked up by its opaque id. */
export class LinkStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames) {
    this.#doc = doc;
    this.#tables = tables;
  }

  /**
   * Keeps a link issued; the same request gives the same id, so a retried notify writes the same
   * record again, except that an answered link stays answered.
   */
  async issue(link: StepLinkRecord): Promise<void> {
    const { answeredAt: _answered, ...record } = stepLinkRecord.parse(link);
    await writeIfCondition(this.#doc, new PutCommand({ TableName: this.#tables.links, Item: record, ConditionExpression: 'attribute_not_exists(answeredAt)' }));
  }

  /** The link an id stands for, parsed; undefined for an id nobody issued. */
  async find(linkId: string): Promise<StepLinkRecord | undefined> {
    const { Item } = await withRetries(() => this.#doc.send(new GetCommand({ TableName: this.#tables.links, Key: { linkId }, ConsistentRead: true })));
    return Item === undefined ? undefined : stepLinkRecord.parse(Item);
  }

  /** Marks the link as used to answer its step: from then on it opens the case read-only, saying so. */
  async markAnswered(linkId: string, at: string): Promise<void> {
    await writeIfCondition(
      this.#doc,
      new UpdateCommand({
        TableName: this.#tables.links,
        Key: { linkId },
        UpdateExpression: 'SET answeredAt = :at',
        ConditionExpression: 'attribute_exists(linkId) AND attribute_not_exists(answeredAt)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }
}
