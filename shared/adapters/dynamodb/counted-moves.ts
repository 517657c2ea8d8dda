import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { withRetries } from '../aws-retry.ts';
import { TABLES, type TableKey, type TableNames } from '../table-specs.ts';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One item deleted, or moved (deleted, and `put` written in its place), and what it counts as. */
export interface CountedMove<Count extends string> {
  table: TableKey;
  key: Item;
  put?: Item;
  counts: readonly Count[];
}

/** The item that keeps the counts: a map attribute with a number for each count key, there before the first move. */
export interface Tally {
  table: TableKey;
  key: Item;
  attribute: string;
}

/** DynamoDB takes 100 writes in one transaction: the tally's update and 99 others. */
const WRITES_PER_TRANSACTION = 99;
const MAX_ATTEMPTS = 10;

/**
 * Deletes and moves items so that each is counted on the tally once, however often it is run:
 * each delete on condition that the item is there, each put that its place is free, up to 99
 * writes a transaction with the tally's update. An item found gone (a retry, a rerun, a lagging
 * index, TTL) is left out and not counted; one whose place is taken (written twice under the old
 * key, already moved once) is only deleted, the copy kept being the first. The rest is sent
 * again, after a pause when the transaction met another or was throttled.
 */
export class CountedMoves<Count extends string> {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;
  readonly #tally: Tally;
  /** What the moves are for (an erasure and its id), to name it when they cannot be done. */
  readonly #purpose: string;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames, tally: Tally, purpose: string) {
    this.#doc = doc;
    this.#tables = tables;
    this.#tally = tally;
    this.#purpose = purpose;
  }

  async apply(moves: readonly CountedMove<Count>[]): Promise<void> {
    let chunk: CountedMove<Count>[] = [];
    let size = 0;
    for (const move of moves) {
      const cost = move.put ? 2 : 1;
      if (size + cost > WRITES_PER_TRANSACTION) {
        await this.#transact(chunk);
        chunk = [];
        size = 0;
      }
      chunk.push(move);
      size += cost;
    }
    if (chunk.length > 0) await this.#transact(chunk);
  }

  async #transact(moves: readonly CountedMove<Count>[]): Promise<void> {
    let pending = [...moves];
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(`${this.#purpose}: ${pending.length} write(s) still in conflict after ${attempt} attempts`);
      const owners: Array<{ move: CountedMove<Count>; action: 'delete' | 'put' }> = [];
      const items: TransactItem[] = [];
      for (const move of pending) {
        const names = { '#key': TABLES[move.table].partitionKey.name };
        const tableName = this.#tables[move.table];
        items.push({
          Delete: {
            TableName: tableName,
            Key: move.key,
            ConditionExpression: 'attribute_exists(#key)',
            ExpressionAttributeNames: names,
          },
        });
        owners.push({ move, action: 'delete' });
        if (move.put) {
          items.push({
            Put: {
              TableName: tableName,
              Item: move.put,
              ConditionExpression: 'attribute_not_exists(#key)',
              ExpressionAttributeNames: names,
            },
          });
          owners.push({ move, action: 'put' });
        }
      }
      items.push(this.#tallyUpdate(pending));
      try {
        await withRetries(() => this.#doc.send(new TransactWriteCommand({ TransactItems: items })));
        return;
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes === undefined) throw error;
        const failed = (action: 'delete' | 'put') =>
          new Set(
            owners
              .filter((owner, i) => owner.action === action && codes[i] === 'ConditionalCheckFailed')
              .map((owner) => owner.move),
          );
        const gone = failed('delete');
        const taken = failed('put');
        const busy = codes.some(
          (code) =>
            code === 'TransactionConflict' || code === 'ThrottlingError' || code === 'ProvisionedThroughputExceeded',
        );
        if (gone.size === 0 && taken.size === 0 && !busy) throw error;
        pending = pending
          .filter((move) => !gone.has(move))
          .map((move) => (taken.has(move) ? { ...move, put: undefined } : move));
        if (busy) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt * (0.5 + Math.random())));
      }
    }
  }

  /** Adds the moves' counts to the tally, on condition that it is there. */
  #tallyUpdate(moves: readonly CountedMove<Count>[]): TransactItem {
    const tally = new Map<Count, number>();
    for (const move of moves) for (const key of move.counts) tally.set(key, (tally.get(key) ?? 0) + 1);
    const entries = [...tally];
    return {
      Update: {
        TableName: this.#tables[this.#tally.table],
        Key: this.#tally.key,
        UpdateExpression: `SET ${entries.map((_, i) => `#counts.#c${i} = #counts.#c${i} + :n${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(#key)',
        ExpressionAttributeNames: {
          '#key': TABLES[this.#tally.table].partitionKey.name,
          '#counts': this.#tally.attribute,
          ...Object.fromEntries(entries.map(([key], i) => [`#c${i}`, key])),
        },
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, n], i) => [`:n${i}`, n])),
      },
    };
  }
}

/** The reason each write of a cancelled transaction gave, in order; undefined for any other error. */
export function cancellationCodes(error: unknown): Array<string | undefined> | undefined {
  if ((error as { name?: string }).name !== 'TransactionCanceledException') return undefined;
  return ((error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? []).map(
    (reason) => reason.Code,
  );
}
