import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLES, type KeySpec, type TableKey, type TableNames, type TableSpec } from '#shared/store/table-specs.ts';

const attributeType = (key: KeySpec) => ({ name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER });

/**
 * The tables of shared/store/table-specs.ts: on demand, point-in-time recovery, encrypted with a
 * customer-managed key (rotated yearly), protected from deletion, kept when the stack goes.
 */
export class DataTables extends Construct {
  readonly key: Key;
  readonly tables: Record<TableKey, TableV2>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'DataKey', {
      description: 'Winback data at rest: customer files, contact data, events, alerts',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const tables = {} as Record<TableKey, TableV2>;
    for (const [name, spec] of Object.entries(TABLES) as Array<[TableKey, TableSpec]>) {
      tables[name] = new TableV2(this, spec.id, {
        partitionKey: attributeType(spec.partitionKey),
        ...(spec.sortKey ? { sortKey: attributeType(spec.sortKey) } : {}),
        billing: Billing.onDemand(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: TableEncryptionV2.customerManagedKey(this.key),
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
        ...(spec.ttlAttribute ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
        globalSecondaryIndexes: (spec.indexes ?? []).map((index) => ({
          indexName: index.name,
          partitionKey: attributeType(index.partitionKey),
          ...(index.sortKey ? { sortKey: attributeType(index.sortKey) } : {}),
        })),
      });
    }
    this.tables = tables;
  }

  get names(): TableNames {
    return Object.fromEntries(Object.entries(this.tables).map(([key, table]) => [key, table.tableName])) as TableNames;
  }
}
