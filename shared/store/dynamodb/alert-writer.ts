import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AlertRecord } from '../../alerts/alert-record.ts';
import type { OpenAlert } from '../customer-item.ts';
import type { TableNames } from '../table-specs.ts';
import { withRetries } from './retry.ts';

export type AlertWrite = 'raised' | 'escalated' | 'already-done';

const summaryOf = (alert: AlertRecord): OpenAlert => ({ alertId: alert.alertId, level: alert.level, raisedLevel: alert.level, identifiedAt: alert.identifiedAt });

/**
 * Writes alerts with the customer's open-alert mark in the same transaction, so that a customer
 * never has two open alerts and a scan that runs twice creates nothing twice.
 */
export class AlertWriter {
  readonly #doc: DynamoDBDocumentClient;
  readonly #tables: TableNames;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames) {
    this.#doc = doc;
    this.#tables = tables;
  }

  async raise(alert: AlertRecord): Promise<AlertWrite> {
    const done = await this.#transact([
      { Put: { TableName: this.#tables.alerts, Item: alert, ConditionExpression: 'attribute_not_exists(alertId)' } },
      {
        Update: {
          TableName: this.#tables.customers,
          Key: { customerId: alert.customerId },
          UpdateExpression: 'SET openAlert = :open',
          ConditionExpression: 'attribute_exists(customerId) AND attribute_not_exists(openAlert)',
          ExpressionAttributeValues: { ':open': summaryOf(alert) },
        },
      },
    ]);
    return done ? 'raised' : 'already-done';
  }

  /** Raises the level of the open alert, keeping the level it had in its history. */
  async escalate(open: OpenAlert, alert: AlertRecord): Promise<AlertWrite> {
    const step = alert.levelHistory[0];
    const done = await this.#transact([
      {
        Update: {
          TableName: this.#tables.alerts,
          Key: { customerId: alert.customerId, alertId: open.alertId },
          UpdateExpression: 'SET #level = :level, indicators = :indicators, policyVersion = :policy, levelHistory = list_append(levelHistory, :step), escalatedAt = :at',
          ConditionExpression: '#level = :previous',
          ExpressionAttributeNames: { '#level': 'level' },
          ExpressionAttributeValues: {
            ':level': alert.level,
            ':indicators': alert.indicators,
            ':policy': alert.policyVersion,
            ':step': [step],
            ':at': alert.identifiedAt,
            ':previous': open.level,
          },
        },
      },
      {
        Update: {
          TableName: this.#tables.customers,
          Key: { customerId: alert.customerId },
          UpdateExpression: 'SET openAlert.#level = :level',
          ConditionExpression: 'openAlert.alertId = :id AND openAlert.#level = :previous',
          ExpressionAttributeNames: { '#level': 'level' },
          ExpressionAttributeValues: { ':level': alert.level, ':id': open.alertId, ':previous': open.level },
        },
      },
    ]);
    return done ? 'escalated' : 'already-done';
  }

  /** Records that the alert's case execution runs, on the alert and on the customer's open-alert mark. */
  async markCaseStarted(customerId: string, alertId: string, executionName: string, at: string): Promise<void> {
    await this.#transact([
      {
        Update: {
          TableName: this.#tables.alerts,
          Key: { customerId, alertId },
          UpdateExpression: 'SET executionName = :name, caseStartedAt = if_not_exists(caseStartedAt, :at)',
          ConditionExpression: 'attribute_exists(alertId)',
          ExpressionAttributeValues: { ':name': executionName, ':at': at },
        },
      },
      {
        Update: {
          TableName: this.#tables.customers,
          Key: { customerId },
          UpdateExpression: 'SET openAlert.caseStarted = :yes',
          ConditionExpression: 'openAlert.alertId = :id',
          ExpressionAttributeValues: { ':yes': true, ':id': alertId },
        },
      },
    ]);
  }

  /**
   * True when written; false when a condition shows it was done before (a repeated run, or a retry
   * whose first reply was lost). The conditions make it idempotent: no request token is needed.
   */
  async #transact(items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>): Promise<boolean> {
    try {
      await withRetries(() => this.#doc.send(new TransactWriteCommand({ TransactItems: items })));
      return true;
    } catch (error) {
      const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
      if ((error as { name?: string }).name === 'TransactionCanceledException' && reasons?.some((reason) => reason.Code === 'ConditionalCheckFailed')) {
        return false;
      }
      throw error;
    }
  }
}
