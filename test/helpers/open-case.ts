import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import type { Finding } from '#shared/scoring/policy-scorer.ts';
import { event } from './customer-builder.ts';
import type { LocalTables } from './local-tables.ts';

export interface OpenCaseOptions {
  /** The customer's history; by default one visit 100 days ago (level 1: visit_gap). */
  visits?: ReturnType<typeof event.visit>[];
  /** The indicators the alert was raised with. */
  indicators?: Finding[];
  identifiedAt?: string;
  storeId?: string;
}

/** What the case workflow starts with: the customer's open alert. */
export type CaseInput = {
  customerId: string;
  alertId: string;
  storeId: string;
  level: number;
  identifiedAt: string;
};

/**
 * A customer of store S1 with an open level-1 alert whose case is about to start, as the scan's
 * opening step leaves them: the history, the alert (`daily-1`) and the customer's mark of it.
 * Returns the case workflow's input.
 */
export async function openLevelOneCase(
  local: LocalTables,
  customerId: string,
  options: OpenCaseOptions = {},
): Promise<CaseInput> {
  const storeId = options.storeId ?? 'S1';
  const identifiedAt = options.identifiedAt ?? '2026-11-20T02:00:00+08:00';
  const visits = options.visits ?? [event.visit(new Date(Date.now() - 100 * 86_400_000).toISOString(), 128)];
  await new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 }).write(customerId, storeId, visits);
  const alert = {
    customerId,
    alertId: 'daily-1',
    storeId,
    level: 1,
    identifiedAt,
    status: 'open',
    indicators: options.indicators ?? [],
    levelHistory: [],
  };
  await local.doc.send(new PutCommand({ TableName: local.names.alerts, Item: alert }));
  await local.doc.send(
    new UpdateCommand({
      TableName: local.names.customers,
      Key: { customerId },
      UpdateExpression: 'SET openAlert = :open',
      ExpressionAttributeValues: {
        ':open': { alertId: 'daily-1', level: 1, raisedLevel: 1, identifiedAt, caseStarted: true },
      },
    }),
  );
  return { customerId, alertId: 'daily-1', storeId, level: 1, identifiedAt };
}
