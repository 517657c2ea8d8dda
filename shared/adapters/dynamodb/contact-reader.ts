import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ContactData } from '../../privacy/contact-view.ts';
import { withRetries } from '../aws-retry.ts';
import type { TableNames } from '../table-specs.ts';

/** A customer's contact data (the CustomerContacts table): read only where a person must reach the customer. */
export class ContactReader {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames) {
    this.#doc = doc;
    this.#tables = tables;
  }

  async of(customerId: string): Promise<ContactData | undefined> {
    const { Item } = await withRetries(() =>
      this.#doc.send(new GetCommand({ TableName: this.#tables.contacts, Key: { customerId } })),
    );
    if (Item === undefined) return undefined;
    const { name, phone, wechat, email } = Item as ContactData;
    return {
      ...(name ? { name } : {}),
      ...(phone ? { phone } : {}),
      ...(wechat ? { wechat } : {}),
      ...(email ? { email } : {}),
    };
  }
}
