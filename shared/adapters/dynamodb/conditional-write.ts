import type { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { withRetries } from '../aws-retry.ts';

/**
 * Sends a conditional write, retried like every write; a failed condition means another writer
 * (or an earlier attempt) got there first, which is no error. True when this one wrote.
 */
export async function writeIfCondition(
  doc: DynamoDBDocumentClient,
  command: PutCommand | UpdateCommand,
): Promise<boolean> {
  try {
    await withRetries(() => doc.send(command as UpdateCommand));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
