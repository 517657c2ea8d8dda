import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { withRetries } from '../aws-retry.ts';
import type { TableNames } from '../table-specs.ts';

export interface LedgerEntry {
  customerId: string;
  alertId: string;
  storeId: string;
  benefitId: string;
  benefitName: string;
  costYuan: number;
  approvedBy: string[];
  issuedAt: string;
}

/**
 * The win-back ledger (Art. 16 (3)): each benefit issued once, under a code derived from the case
 * and the benefit, so that issuing again (a retried step) finds the entry already there.
 */
export class BenefitLedger {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames) {
    this.#doc = doc;
    this.#tables = tables;
  }

  static codeFor(entry: Pick<LedgerEntry, 'customerId' | 'alertId' | 'benefitId'>): string {
    return `WB-${createHash('sha256').update(`${entry.customerId}#${entry.alertId}#${entry.benefitId}`).digest('hex').slice(0, 12).toUpperCase()}`;
  }

  async issue(entry: LedgerEntry): Promise<string> {
    const code = BenefitLedger.codeFor(entry);
    try {
      await withRetries(() =>
        this.#doc.send(
          new PutCommand({
            TableName: this.#tables.ledger,
            Item: { code, caseKey: `${entry.customerId}#${entry.alertId}`, ...entry },
            ConditionExpression: 'attribute_not_exists(code)',
          }),
        ),
      );
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
    return code;
  }
}
