import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type StepLinkRecord, stepLinkRecord } from '../../links/step-link.ts';
import { type WorklistLinkRecord, worklistLinkRecord } from '../../links/worklist-link.ts';
import { withRetries } from '../aws-retry.ts';
import type { TableNames } from '../table-specs.ts';
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
   * record again, except that an answered link stays answered and a mailed one stays mailed.
   * `mailed`: its email went out already (a retry sends it no second time).
   */
  async issue(link: StepLinkRecord): Promise<{ mailed: boolean }> {
    const { answeredAt: _answered, mailedAt: _mailed, linkId, ...fields } = stepLinkRecord.parse(link);
    const names = Object.keys(fields);
    try {
      const { Attributes } = await withRetries(() =>
        this.#doc.send(
          new UpdateCommand({
            TableName: this.#tables.links,
            Key: { linkId },
            UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
            ConditionExpression: 'attribute_not_exists(answeredAt)',
            ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
            ExpressionAttributeValues: Object.fromEntries(
              names.map((name, i) => [`:f${i}`, fields[name as keyof typeof fields]]),
            ),
            ReturnValues: 'ALL_OLD',
          }),
        ),
      );
      return { mailed: typeof Attributes?.mailedAt === 'string' };
    } catch (error) {
      // Answered through this very link: it was mailed, and it stays as it is.
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return { mailed: true };
      throw error;
    }
  }

  /** Marks the link's email as sent: a retried notify then sends it no second time. */
  async markMailed(linkId: string, at: string): Promise<void> {
    await writeIfCondition(
      this.#doc,
      new UpdateCommand({
        TableName: this.#tables.links,
        Key: { linkId },
        UpdateExpression: 'SET mailedAt = if_not_exists(mailedAt, :at)',
        ConditionExpression: 'attribute_exists(linkId)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  /** The step link an id stands for, parsed; undefined for an id nobody issued for a step (a worklist's id opens no step). */
  async find(linkId: string): Promise<StepLinkRecord | undefined> {
    const { Item } = await withRetries(() =>
      this.#doc.send(new GetCommand({ TableName: this.#tables.links, Key: { linkId }, ConsistentRead: true })),
    );
    return Item === undefined || Item.kind === 'worklist' ? undefined : stepLinkRecord.parse(Item);
  }

  /** Keeps a person's worklist link (the same id for the same person and day: a repeated digest writes it again). */
  async issueWorklist(link: WorklistLinkRecord): Promise<void> {
    await withRetries(() =>
      this.#doc.send(new PutCommand({ TableName: this.#tables.links, Item: worklistLinkRecord.parse(link) })),
    );
  }

  /** The worklist link an id stands for; undefined for any other id. */
  async findWorklist(linkId: string): Promise<WorklistLinkRecord | undefined> {
    const { Item } = await withRetries(() =>
      this.#doc.send(new GetCommand({ TableName: this.#tables.links, Key: { linkId }, ConsistentRead: true })),
    );
    return Item?.kind === 'worklist' ? worklistLinkRecord.parse(Item) : undefined;
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
