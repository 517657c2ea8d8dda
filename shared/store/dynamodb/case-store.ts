import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { QuietPeriod } from '../customer-item.ts';
import type { AlertRecord } from '../../alerts/alert-record.ts';
import type { TableNames } from '../table-specs.ts';
import { withRetries } from './retry.ts';

/**
 * `failed`: the case could not go on (a step failed after its retries, or nobody answered); ops were told.
 * `erased`: the customer's data was erased on request while the case ran (the case is anonymised).
 */
export type CaseStatus = 'open' | 'in_progress' | 'self_recovered' | 'customer_gone' | 'recovered' | 'refused' | 'lost' | 'failed' | 'erased';

export interface AuditEntry {
  /** Unique within the case and the same for a retried step, so a retry records nothing twice. */
  step: string;
  at: string;
  actor: string;
  what: string;
  details?: Record<string, unknown>;
}

const caseKey = (customerId: string, alertId: string): string => `${customerId}#${alertId}`;

/**
 * A case is its alert's item plus an append-only audit trail. Each change of the case and its
 * audit entry are one transaction; an audit entry can be written once and never changed.
 */
export class CaseStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames) {
    this.#doc = doc;
    this.#tables = tables;
  }

  async alert(customerId: string, alertId: string): Promise<(AlertRecord & { status: CaseStatus }) | undefined> {
    const { Item } = await withRetries(() =>
      this.#doc.send(new GetCommand({ TableName: this.#tables.alerts, Key: { customerId, alertId }, ConsistentRead: true })),
    );
    return Item as (AlertRecord & { status: CaseStatus }) | undefined;
  }

  /**
   * Takes the step a link answers, once: the first answer gets the waiting task's token, any
   * later one (a second click, a mail scanner) gets undefined.
   */
  async consumeStep(customerId: string, alertId: string, step: string, linkId: string): Promise<string | undefined> {
    try {
      const result = await withRetries(() =>
        this.#doc.send(
          new UpdateCommand({
            TableName: this.#tables.alerts,
            Key: { customerId, alertId },
            UpdateExpression: 'REMOVE awaiting',
            ConditionExpression: 'awaiting.step = :step AND awaiting.linkId = :link',
            ExpressionAttributeValues: { ':step': step, ':link': linkId },
            ReturnValues: 'ALL_OLD',
          }),
        ),
      );
      return (result.Attributes?.awaiting as { taskToken?: string } | undefined)?.taskToken;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }

  /** Keeps an approver's decision on the case, where the issuing step reads it again. */
  /**
   * What the case waits on now, with the task token of this attempt: written whatever an earlier
   * attempt wrote, because Step Functions gives a retried task a new token and only the newest is answered.
   */
  async setAwaiting(customerId: string, alertId: string, awaiting: Record<string, unknown>): Promise<void> {
    await withRetries(() =>
      this.#doc.send(
        new UpdateCommand({
          TableName: this.#tables.alerts,
          Key: { customerId, alertId },
          UpdateExpression: 'SET #status = :status, awaiting = :awaiting',
          ConditionExpression: 'attribute_exists(alertId)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': 'in_progress', ':awaiting': awaiting },
        }),
      ),
    );
  }

  async recordApproval(customerId: string, alertId: string, role: string, decision: Record<string, unknown>): Promise<void> {
    await withRetries(() =>
      this.#doc.send(
        new UpdateCommand({
          TableName: this.#tables.alerts,
          Key: { customerId, alertId },
          UpdateExpression: 'SET #approval = :decision',
          ConditionExpression: 'attribute_exists(alertId)',
          ExpressionAttributeNames: { '#approval': `approval_${role}` },
          ExpressionAttributeValues: { ':decision': decision },
        }),
      ),
    );
  }

  /**
   * Starts a revision of the plan after a rejected benefit: the revision number goes up and the
   * approvals of the rejected plan are cleared, so the revised plan is judged afresh.
   */
  async startRevision(customerId: string, alertId: string): Promise<number> {
    const result = await withRetries(() =>
      this.#doc.send(
        new UpdateCommand({
          TableName: this.#tables.alerts,
          Key: { customerId, alertId },
          UpdateExpression: 'SET revision = if_not_exists(revision, :zero) + :one REMOVE approval_deputy_gm, approval_gm',
          ConditionExpression: 'attribute_exists(alertId)',
          ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return Number(result.Attributes?.revision ?? 1);
  }

  /** Appends one audit entry on its own (a decision's who, when and from where). */
  async audit(customerId: string, alertId: string, entry: AuditEntry): Promise<void> {
    try {
      await withRetries(() =>
        this.#doc.send(
          new PutCommand({
            TableName: this.#tables.audit,
            Item: { caseKey: caseKey(customerId, alertId), entryKey: entry.step, ...entry },
            ConditionExpression: 'attribute_not_exists(entryKey)',
          }),
        ),
      );
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  /**
   * Moves the case on (status and fields), with its audit entry; closing also frees the customer
   * for a new alert, after the quiet period when one is given.
   */
  async update(customerId: string, alertId: string, status: CaseStatus, fields: Record<string, unknown>, entry: AuditEntry, close: boolean | { quiet: QuietPeriod }): Promise<void> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':status': status };
    const sets = ['#status = :status'];
    Object.entries(fields).forEach(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:f${i}`] = value;
      sets.push(`#f${i} = :f${i}`);
    });
    try {
      await withRetries(() =>
        this.#doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.#tables.audit,
                  Item: { caseKey: caseKey(customerId, alertId), entryKey: entry.step, ...entry },
                  ConditionExpression: 'attribute_not_exists(entryKey)',
                },
              },
              {
                Update: {
                  TableName: this.#tables.alerts,
                  Key: { customerId, alertId },
                  UpdateExpression: `SET ${sets.join(', ')}`,
                  ConditionExpression: 'attribute_exists(alertId)',
                  ExpressionAttributeNames: names,
                  ExpressionAttributeValues: values,
                },
              },
              ...(close
                ? [
                    {
                      Update: {
                        TableName: this.#tables.customers,
                        Key: { customerId },
                        UpdateExpression: typeof close === 'object' ? 'REMOVE openAlert SET quiet = :quiet' : 'REMOVE openAlert',
                        ConditionExpression: 'openAlert.alertId = :id',
                        ExpressionAttributeValues: { ':id': alertId, ...(typeof close === 'object' ? { ':quiet': close.quiet } : {}) },
                      },
                    },
                  ]
                : []),
            ],
          }),
        ),
      );
    } catch (error) {
      // The audit entry exists: this step was recorded by an earlier attempt.
      const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
      if ((error as { name?: string }).name === 'TransactionCanceledException' && reasons?.[0]?.Code === 'ConditionalCheckFailed') return;
      throw error;
    }
  }
}
