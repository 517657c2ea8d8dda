import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { type KeySpec, TABLES, type TableKey, type TableNames, type TableSpec } from '#shared/adapters/table-specs.ts';

const attributeType = (key: KeySpec) => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

/**
 * The tables of shared/adapters/table-specs.ts: on demand, point-in-time recovery, encrypted with a
 * customer-managed key (rotated yearly), protected from deletion, kept when the stack goes.
 */
export class DataTables extends Construct {
  readonly key: Key;
  readonly tables: Record<TableKey, Table>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'DataKey', {
      description: 'Winback data at rest: customer files, contact data, events, alerts',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const tables = {} as Record<TableKey, Table>;
    for (const [name, spec] of Object.entries(TABLES) as Array<[TableKey, TableSpec]>) {
      // Table, not TableV2: TableV2 cannot render a customer-managed key in a region-agnostic stack.
      const table = new Table(this, spec.id, {
        partitionKey: attributeType(spec.partitionKey),
        ...(spec.sortKey ? { sortKey: attributeType(spec.sortKey) } : {}),
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.key,
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
        ...(spec.ttlAttribute ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
      });
      for (const index of spec.indexes ?? []) {
        table.addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: attributeType(index.partitionKey),
          ...(index.sortKey ? { sortKey: attributeType(index.sortKey) } : {}),
        });
      }
      tables[name] = table;
    }
    this.tables = tables;
  }

  get names(): TableNames {
    return Object.fromEntries(Object.entries(this.tables).map(([key, table]) => [key, table.tableName])) as TableNames;
  }
}
