import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../cases/audit-keys.ts';
import {
  type AwaitingRecord,
  awaitingRecord,
  type CaseRecord,
  type CaseStatus,
  type PendingAnswer,
  parseCaseRecord,
} from '../../cases/case-record.ts';
import type { QuietPeriod } from '../../customer/customer-record.ts';
import { withRetries } from '../aws-retry.ts';
import type { TableNames } from '../table-specs.ts';
import { writeIfCondition } from './conditional-write.ts';

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

  /** The case's alert as stored, parsed: a CaseRecordError names the alert (masked) and the fields that do not read. */
  async alert(customerId: string, alertId: string): Promise<CaseRecord | undefined> {
    const { Item } = await withRetries(() =>
      this.#doc.send(
        new GetCommand({ TableName: this.#tables.alerts, Key: { customerId, alertId }, ConsistentRead: true }),
      ),
    );
    return Item === undefined ? undefined : parseCaseRecord(Item);
  }

  /**
   * Claims the step a link answers, before the answer is handed to the workflow: only the link the
   * case waits on, for its step and person, and only one answer at a time (a claim left by a request
   * that died is taken over after `staleAfterMs`). `kept`: fields of the answer the case keeps on the
   * alert (fieldsKeptWithAnswer), written with the claim because the next step may read them as
   * soon as the workflow moves on. Returns the task token to answer, or undefined when the case no
   * longer waits on this link or another answer is under way.
   */
  async claimStep(
    customerId: string,
    alertId: string,
    awaiting: Pick<AwaitingRecord, 'step' | 'linkId' | 'personId'>,
    pending: PendingAnswer,
    kept: Record<string, unknown>,
    staleAfterMs: number,
  ): Promise<string | undefined> {
    const fields = Object.entries(kept);
    try {
      const result = await withRetries(() =>
        this.#doc.send(
          new UpdateCommand({
            TableName: this.#tables.alerts,
            Key: { customerId, alertId },
            UpdateExpression: ['SET awaiting.pending = :pending', ...fields.map((_, i) => `#k${i} = :k${i}`)].join(
              ', ',
            ),
            ConditionExpression:
              'awaiting.step = :step AND awaiting.linkId = :link AND awaiting.personId = :person AND (attribute_not_exists(awaiting.pending) OR awaiting.pending.requestId = :request OR awaiting.pending.claimedAt < :stale)',
            ...(fields.length
              ? { ExpressionAttributeNames: Object.fromEntries(fields.map(([name], i) => [`#k${i}`, name])) }
              : {}),
            ExpressionAttributeValues: {
              ':pending': pending,
              ':step': awaiting.step,
              ':link': awaiting.linkId,
              ':person': awaiting.personId,
              ':request': pending.requestId,
              ':stale': pending.claimedAt - staleAfterMs,
              ...Object.fromEntries(fields.map(([, value], i) => [`:k${i}`, value])),
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return parseCaseRecord(result.Attributes).awaiting?.taskToken;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }

  /** The workflow refused the answer: the claim goes, with the fields kept with it, so the step can be answered again. */
  async releaseClaim(
    customerId: string,
    alertId: string,
    kept: Record<string, unknown>,
    requestId: string,
  ): Promise<void> {
    const names = Object.keys(kept);
    await writeIfCondition(
      this.#doc,
      new UpdateCommand({
        TableName: this.#tables.alerts,
        Key: { customerId, alertId },
        UpdateExpression: ['REMOVE awaiting.pending', ...names.map((_, i) => `#k${i}`)].join(', '),
        ConditionExpression: 'awaiting.pending.requestId = :request',
        ...(names.length
          ? { ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#k${i}`, name])) }
          : {}),
        ExpressionAttributeValues: { ':request': requestId },
      }),
    );
  }

  /**
   * The workflow took the answer: its audit entry (once, whoever writes it first: this request, or
   * the next step's notify finding the claim left behind), and the case no longer waits on the link.
   */
  async recordAnswer(customerId: string, alertId: string, entry: AuditEntry, requestId: string): Promise<void> {
    await this.audit(customerId, alertId, entry);
    await writeIfCondition(
      this.#doc,
      new UpdateCommand({
        TableName: this.#tables.alerts,
        Key: { customerId, alertId },
        UpdateExpression: 'REMOVE awaiting',
        ConditionExpression: 'awaiting.pending.requestId = :request',
        ExpressionAttributeValues: { ':request': requestId },
      }),
    );
  }

  /** What the case waits on now; undefined when it waits on nobody, or there is no case. */
  static awaitingOf(alert: Pick<CaseRecord, 'awaiting'> | undefined): AwaitingRecord | undefined {
    return alert?.awaiting;
  }

  /**
   * What the case waits on now, with the task token of this attempt: written over what an earlier
   * attempt wrote, because Step Functions gives a retried task a new token and only the newest is
   * answered. Never over a later attempt at the same link: an attempt that outlived its timeout
   * and writes after its retry would leave the case waiting on a dead token. False when a later
   * attempt had written already.
   */
  async setAwaiting(customerId: string, alertId: string, awaiting: AwaitingRecord): Promise<boolean> {
    return writeIfCondition(
      this.#doc,
      new UpdateCommand({
        TableName: this.#tables.alerts,
        Key: { customerId, alertId },
        UpdateExpression: 'SET #status = :status, awaiting = :awaiting',
        ConditionExpression:
          'attribute_exists(alertId) AND (attribute_not_exists(awaiting) OR awaiting.linkId <> :link OR attribute_not_exists(awaiting.attemptStartedAt) OR awaiting.attemptStartedAt <= :started)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': 'in_progress',
          ':awaiting': awaitingRecord.parse(awaiting),
          ':link': awaiting.linkId,
          ':started': awaiting.attemptStartedAt ?? 0,
        },
      }),
    );
  }

  async recordApproval(
    customerId: string,
    alertId: string,
    role: string,
    decision: Record<string, unknown>,
  ): Promise<void> {
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
          UpdateExpression:
            'SET revision = if_not_exists(revision, :zero) + :one REMOVE approval_deputy_gm, approval_gm',
          ConditionExpression: 'attribute_exists(alertId)',
          ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return Number(result.Attributes?.revision ?? 1);
  }

  /**
   * Records that the owner was told of an issued benefit (its code), after the email went out: a
   * retried issuing step reads it and does not tell them again.
   */
  async markOwnerToldOfBenefit(customerId: string, alertId: string, code: string, at: string): Promise<void> {
    await writeIfCondition(
      this.#doc,
      new UpdateCommand({
        TableName: this.#tables.alerts,
        Key: { customerId, alertId },
        UpdateExpression: 'SET benefitTold = :told',
        ConditionExpression: 'attribute_exists(alertId)',
        ExpressionAttributeValues: { ':told': { code, at } },
      }),
    );
  }

  /** Appends one audit entry on its own (a decision's who, when and from where). */
  async audit(customerId: string, alertId: string, entry: AuditEntry): Promise<void> {
    await writeIfCondition(
      this.#doc,
      new PutCommand({
        TableName: this.#tables.audit,
        Item: { caseKey: caseKey(customerId, alertId), entryKey: entry.step, ...entry },
        ConditionExpression: 'attribute_not_exists(entryKey)',
      }),
    );
  }

  /**
   * Moves the case on (status and fields), with its audit entry; closing also frees the customer
   * for a new alert, after the quiet period when one is given.
   */
  async update(
    customerId: string,
    alertId: string,
    status: CaseStatus,
    fields: Record<string, unknown>,
    entry: AuditEntry,
    close: boolean | { quiet: QuietPeriod },
  ): Promise<void> {
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
                        UpdateExpression:
                          typeof close === 'object' ? 'REMOVE openAlert SET quiet = :quiet' : 'REMOVE openAlert',
                        ConditionExpression: 'openAlert.alertId = :id',
                        ExpressionAttributeValues: {
                          ':id': alertId,
                          ...(typeof close === 'object' ? { ':quiet': close.quiet } : {}),
                        },
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
      if (
        (error as { name?: string }).name === 'TransactionCanceledException' &&
        reasons?.[0]?.Code === 'ConditionalCheckFailed'
      )
        return;
      throw error;
    }
  }
}
