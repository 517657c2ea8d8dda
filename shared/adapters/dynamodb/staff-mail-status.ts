import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Undeliverable } from '../../mail/mail-feedback.ts';
import { withRetries } from '../aws-retry.ts';
import type { TableNames } from '../table-specs.ts';
import { loadStaffDirectory } from './staff-store.ts';

/**
 * Marks the staff whose mail SES could not deliver, so that their deputies stand in. Setting the
 * same mark again (SNS delivers at least once) changes nothing; returns the people marked.
 */
export async function markUndeliverable(
  doc: DynamoDBDocumentClient,
  tables: TableNames,
  addresses: readonly Undeliverable[],
): Promise<string[]> {
  if (addresses.length === 0) return [];
  const staff = await loadStaffDirectory(doc, tables);
  const marked: string[] = [];
  for (const address of addresses) {
    for (const person of staff.people().filter((candidate) => candidate.email.toLowerCase() === address.email)) {
      await withRetries(() =>
        doc.send(
          new UpdateCommand({
            TableName: tables.staff,
            Key: { id: person.id },
            UpdateExpression: 'SET undeliverable = :mark',
            ConditionExpression: 'attribute_exists(id)',
            ExpressionAttributeValues: { ':mark': { at: address.at, reason: address.reason } },
          }),
        ),
      );
      marked.push(person.id);
    }
  }
  return marked;
}
