import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { type KeySpec, TABLES, type TableKey, type TableNames, type TableSpec } from '#shared/adapters/table-specs.ts';

/** Local table names: the construct ids, with a prefix so that tests can share one server. */
export function localTableNames(prefix = 'winback-'): TableNames {
  return Object.fromEntries(
    (Object.entries(TABLES) as Array<[TableKey, TableSpec]>).map(([key, spec]) => [key, `${prefix}${spec.id}`]),
  ) as TableNames;
}

const keySchema = (partition: KeySpec, sort?: KeySpec): KeySchemaElement[] => [
  { AttributeName: partition.name, KeyType: 'HASH' },
  ...(sort ? [{ AttributeName: sort.name, KeyType: 'RANGE' as const }] : []),
];

/** Creates every table of the specs that does not exist yet, with the same keys, indexes and TTL as in AWS. */
export async function createTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  for (const [key, spec] of Object.entries(TABLES) as Array<[TableKey, TableSpec]>) {
    const TableName = names[key];
    try {
      await client.send(new DescribeTableCommand({ TableName }));
      continue;
    } catch (error) {
      if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
    }
    const keys = [
      spec.partitionKey,
      spec.sortKey,
      ...(spec.indexes ?? []).flatMap((index) => [index.partitionKey, index.sortKey]),
    ];
    const attributes = new Map<string, AttributeDefinition>();
    for (const k of keys) if (k) attributes.set(k.name, { AttributeName: k.name, AttributeType: k.type });
    await client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes.values()],
        KeySchema: keySchema(spec.partitionKey, spec.sortKey),
        ...(spec.indexes?.length
          ? {
              GlobalSecondaryIndexes: spec.indexes.map((index) => ({
                IndexName: index.name,
                KeySchema: keySchema(index.partitionKey, index.sortKey),
                Projection: { ProjectionType: 'ALL' },
              })),
            }
          : {}),
      }),
    );
    if (spec.ttlAttribute) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName,
          TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
        }),
      );
    }
  }
}
