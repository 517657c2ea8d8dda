import { type DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AlertRecord } from '../../alerts/alert-record.ts';
import type { OpenAlert } from '../../customer/customer-record.ts';
import type { CasePriority } from '../../queue/case-priority.ts';
import type { Opening } from '../../scan/open-cases.ts';
import { withRetries } from '../aws-retry.ts';
import type { TableNames } from '../table-specs.ts';
import { writeIfCondition } from './conditional-write.ts';

export type AlertWrite = 'raised' | 'escalated' | 'already-done';

const summaryOf = (alert: AlertRecord): OpenAlert => ({
  alertId: alert.alertId,
  level: alert.level,
  raisedLevel: alert.level,
  identifiedAt: alert.identifiedAt,
  ...(alert.status === 'queued' ? { queued: true } : {}),
  ...(alert.priority === undefined ? {} : { priority: alert.priority }),
});

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

  /**
   * Raises the level of the open alert, keeping the level it had in its history. The new level's
   * owner and follow-up cadence come with it, so the alert never names the old level's terms
   * (the case's steps read them from the level, through caseLevelNow).
   */
  async escalate(open: OpenAlert, alert: AlertRecord): Promise<AlertWrite> {
    const step = alert.levelHistory[0];
    const done = await this.#transact([
      {
        Update: {
          TableName: this.#tables.alerts,
          Key: { customerId: alert.customerId, alertId: open.alertId },
          UpdateExpression:
            'SET #level = :level, indicators = :indicators, policyVersion = :policy, levelHistory = list_append(levelHistory, :step), escalatedAt = :at, ' +
            'ownerRole = :owner, ownerDepartment = :department, followUpEveryDays = :every' +
            // The new level's priority: a queued alert moves up its line (level 3 to the front).
            (alert.priority === undefined ? '' : ', priority = :priority, priorityParts = :parts'),
          ConditionExpression: '#level = :previous',
          ExpressionAttributeNames: { '#level': 'level' },
          ExpressionAttributeValues: {
            ':level': alert.level,
            ':indicators': alert.indicators,
            ':policy': alert.policyVersion,
            ':step': [step],
            ':at': alert.identifiedAt,
            ':owner': alert.ownerRole,
            ':department': alert.ownerDepartment,
            ':every': alert.followUpEveryDays,
            ...(alert.priority === undefined ? {} : { ':priority': alert.priority, ':parts': alert.priorityParts }),
            ':previous': open.level,
          },
        },
      },
      {
        Update: {
          TableName: this.#tables.customers,
          Key: { customerId: alert.customerId },
          UpdateExpression: `SET openAlert.#level = :level${alert.priority === undefined ? '' : ', openAlert.priority = :priority'}`,
          ConditionExpression: 'openAlert.alertId = :id AND openAlert.#level = :previous',
          ExpressionAttributeNames: { '#level': 'level' },
          ExpressionAttributeValues: {
            ':level': alert.level,
            ':id': open.alertId,
            ':previous': open.level,
            ...(alert.priority === undefined ? {} : { ':priority': alert.priority }),
          },
        },
      },
    ]);
    return done ? 'escalated' : 'already-done';
  }

  /**
   * Takes a queued alert out of the queue for its case: the alert becomes `open` (the case steps
   * take it from there) and the customer's mark says since when, which the owner's day counts.
   * `not-queued` when it had left the queue already (an earlier attempt of this step opened it,
   * or the customer came back). A queued alert whose customer holds no mark for it any more (the
   * file was erased) is closed `dequeued` on the spot, so it never holds a place again.
   */
  async open(customerId: string, alertId: string, opening: Opening): Promise<'opened' | 'not-queued'> {
    const failed = await this.#transactOrFailed([
      {
        Update: {
          TableName: this.#tables.alerts,
          Key: { customerId, alertId },
          UpdateExpression: 'SET #status = :open, openedAt = :at, opening = :opening',
          ConditionExpression: '#status = :queued',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open', ':queued': 'queued', ':at': opening.at, ':opening': opening },
        },
      },
      {
        Update: {
          TableName: this.#tables.customers,
          Key: { customerId },
          UpdateExpression: 'SET openAlert.openedAt = :at REMOVE openAlert.queued',
          ConditionExpression: 'openAlert.alertId = :id AND openAlert.queued = :yes',
          ExpressionAttributeValues: { ':at': opening.at, ':id': alertId, ':yes': true },
        },
      },
    ]);
    if (failed === undefined) return 'opened';
    if (failed[0] === false) await this.#closeOrphan(customerId, alertId, opening.at);
    return 'not-queued';
  }

  async #closeOrphan(customerId: string, alertId: string, at: string): Promise<void> {
    await writeIfCondition(
      this.#doc,
      new UpdateCommand({
        TableName: this.#tables.alerts,
        Key: { customerId, alertId },
        UpdateExpression: 'SET #status = :dequeued, closedAt = :at, outcomeReason = :reason',
        ConditionExpression: '#status = :queued',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':dequeued': 'dequeued',
          ':queued': 'queued',
          ':at': at,
          ':reason': 'no_customer_file',
        },
      }),
    );
  }

  /**
   * Closes a queued alert whose customer is no longer at risk. It never became a case, so it gets
   * no case outcome and no quiet period: status `dequeued`, with the reason; the customer is free
   * for a new alert.
   */
  async dequeue(customerId: string, alertId: string, at: string, reason: string): Promise<'dequeued' | 'already-done'> {
    const done = await this.#transact([
      {
        Update: {
          TableName: this.#tables.alerts,
          Key: { customerId, alertId },
          UpdateExpression: 'SET #status = :dequeued, closedAt = :at, outcomeReason = :reason',
          ConditionExpression: '#status = :queued',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':dequeued': 'dequeued', ':queued': 'queued', ':at': at, ':reason': reason },
        },
      },
      {
        Update: {
          TableName: this.#tables.customers,
          Key: { customerId },
          UpdateExpression: 'REMOVE openAlert',
          ConditionExpression: 'openAlert.alertId = :id AND openAlert.queued = :yes',
          ExpressionAttributeValues: { ':id': alertId, ':yes': true },
        },
      },
    ]);
    return done ? 'dequeued' : 'already-done';
  }

  /**
   * A queued alert's priority as the latest scan worked it out (the customer stayed away longer,
   * spent more...): the alert and the customer's mark, so the next scan compares against it.
   */
  async reprioritize(customerId: string, alertId: string, priority: CasePriority): Promise<void> {
    await this.#transact([
      {
        Update: {
          TableName: this.#tables.alerts,
          Key: { customerId, alertId },
          UpdateExpression: 'SET priority = :priority, priorityParts = :parts',
          ConditionExpression: '#status = :queued',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':priority': priority.priority, ':parts': priority.parts, ':queued': 'queued' },
        },
      },
      {
        Update: {
          TableName: this.#tables.customers,
          Key: { customerId },
          UpdateExpression: 'SET openAlert.priority = :priority',
          ConditionExpression: 'openAlert.alertId = :id AND openAlert.queued = :yes',
          ExpressionAttributeValues: { ':priority': priority.priority, ':id': alertId, ':yes': true },
        },
      },
    ]);
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
  async #transact(
    items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>,
  ): Promise<boolean> {
    return (await this.#transactOrFailed(items)) === undefined;
  }

  /** Undefined when written; else which items' conditions failed, by position. */
  async #transactOrFailed(
    items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>,
  ): Promise<boolean[] | undefined> {
    try {
      await withRetries(() => this.#doc.send(new TransactWriteCommand({ TransactItems: items })));
      return undefined;
    } catch (error) {
      const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
      if (
        (error as { name?: string }).name === 'TransactionCanceledException' &&
        reasons?.some((reason) => reason.Code === 'ConditionalCheckFailed')
      ) {
        return items.map((_, index) => reasons[index]?.Code === 'ConditionalCheckFailed');
      }
      throw error;
    }
  }
}
