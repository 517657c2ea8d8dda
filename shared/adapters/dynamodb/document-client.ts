import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The DynamoDB document client every handler and command uses. Locally it reaches DynamoDB Local
 * through the SDK's own setting, AWS_ENDPOINT_URL_DYNAMODB: no code path exists only locally.
 */
export function documentClient(
  client: DynamoDBClient = new DynamoDBClient({ maxAttempts: 5 }),
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
