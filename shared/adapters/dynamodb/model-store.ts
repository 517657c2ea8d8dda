import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { KeptModel } from '../../model/risk-book.ts';
import type { StoreModel } from '../../model/store-models.ts';
import { withRetries } from '../aws-retry.ts';
import type { TableNames } from '../table-specs.ts';
import { batchPut } from './batch-put.ts';

/** The set scans read. */
const CURRENT = 'current';

/**
 * The fitted models: each monthly fit is kept under its own set (`fit#<as-of>`) and becomes the
 * current one, store by store. A fit repeated for the same as-of writes the same items.
 */
export class ModelStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames) {
    this.#doc = doc;
    this.#tables = tables;
  }

  async save(models: readonly StoreModel[], policyVersion: string): Promise<void> {
    const items = models.flatMap((model) => [
      { modelSet: `fit#${model.asOf}`, policyVersion, ...model },
      { modelSet: CURRENT, policyVersion, ...model },
    ]);
    await batchPut(this.#doc, this.#tables.models, items);
  }

  /** The current models: BG/NBD per store, and the risk model's parts where the fit made them. */
  async current(): Promise<KeptModel[]> {
    const { Items } = await withRetries(() =>
      this.#doc.send(
        new QueryCommand({
          TableName: this.#tables.models,
          KeyConditionExpression: 'modelSet = :set',
          ExpressionAttributeValues: { ':set': CURRENT },
        }),
      ),
    );
    return (Items ?? []).map(
      (item) =>
        ({
          storeId: String(item.storeId),
          unit: item.unit,
          params: item.params,
          ...(item.risk ? { risk: item.risk } : {}),
        }) as KeptModel,
    );
  }
}
