import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';

/** A case's audit trail as stored (`table`: the audit table), in the order of its entries' keys. */
export async function caseAudit(
  doc: DynamoDBDocumentClient,
  table: string,
  customerId: string,
  alertId = 'daily-1',
): Promise<NonNullable<QueryCommandOutput['Items']>> {
  const { Items = [] } = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'caseKey = :k',
      ExpressionAttributeValues: { ':k': `${customerId}#${alertId}` },
    }),
  );
  return Items;
}
