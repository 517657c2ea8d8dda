import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { documentClient } from '#shared/adapters/dynamodb/document-client.ts';
import type { TableNames } from '#shared/adapters/table-specs.ts';
import { createTables, localTableNames } from '../../infra/local/create-tables.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamodb-local.ts';

export interface LocalTables {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  names: TableNames;
  /** The prefix of this file's table names (the import command's --table-prefix). */
  prefix: string;
}

/** Fresh tables on the run's DynamoDB Local, created from the same specs the CDK stack deploys. */
export async function localTables(): Promise<LocalTables> {
  const client = new DynamoDBClient({
    endpoint: inject('dynamoDbEndpoint'),
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const prefix = `t${randomUUID().slice(0, 8)}-`;
  const names = localTableNames(prefix);
  await createTables(client, names);
  return { client, doc: documentClient(client), names, prefix };
}

/** A customer's events as stored, in the order of the table's key (the sender's eventId). */
export async function storedEvents(
  local: LocalTables,
  customerId: string,
): Promise<NonNullable<QueryCommandOutput['Items']>> {
  const { Items = [] } = await local.doc.send(
    new QueryCommand({
      TableName: local.names.events,
      KeyConditionExpression: 'customerId = :c',
      ExpressionAttributeValues: { ':c': customerId },
      ConsistentRead: true,
    }),
  );
  return Items;
}
