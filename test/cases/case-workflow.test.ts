import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { StateMachine } from 'aws-local-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '#shared/store/dynamodb/case-store.ts';
import { CustomerEventWriter } from '#shared/store/dynamodb/customer-event-writer.ts';
import { event } from '../helpers/customer-builder.ts';
import { useLocalLambdaEnvironment } from '../helpers/local-lambda-env.ts';
import { localTables, type LocalTables } from '../helpers/local-tables.ts';
import { synthesizedDefinition } from '../helpers/synthesized-state-machines.ts';

let local: LocalTables;
let run: (input: Record<string, unknown>) => Promise<Record<string, any>>;
const context = { functionName: 'CaseVerify', awsRequestId: 'test', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

beforeAll(async () => {
  local = await localTables();
  useLocalLambdaEnvironment(local.names);
  const { handler: verify } = await import('../../functions/case-verify/handler.ts');
  // The very definition `cdk synth` produces, its Task bound to the real handler, on DynamoDB Local.
  const machine = new StateMachine(synthesizedDefinition('Case') as never, { validationOptions: { checkArn: false } });
  run = async (input) =>
    (await machine.run(input as never, { overrides: { taskResourceLocalHandlers: { Verify: (taskInput: unknown) => verify(taskInput as never, context) as never } } })
      .result) as Record<string, any>;
});

/** A customer with an open level-1 alert, as a scan leaves them. */
async function openCase(customerId: string, events: ReturnType<typeof event.visit>[]) {
  await new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 }).write(customerId, 'S1', events);
  const alert = { customerId, alertId: 'daily-2026-11-20', storeId: 'S1', level: 1, identifiedAt: '2026-11-20T02:00:00+08:00', status: 'open', indicators: [], levelHistory: [] };
  await local.doc.send(new PutCommand({ TableName: local.names.alerts, Item: alert }));
  await local.doc.send(
    new UpdateCommand({
      TableName: local.names.customers,
      Key: { customerId },
      UpdateExpression: 'SET openAlert = :open',
      ExpressionAttributeValues: { ':open': { alertId: alert.alertId, level: 1, raisedLevel: 1, identifiedAt: alert.identifiedAt, caseStarted: true } },
    }),
  );
  return { customerId, alertId: alert.alertId, storeId: 'S1', level: 1, identifiedAt: alert.identifiedAt };
}

const recent = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();

describe('the case workflow, run by a local Step Functions interpreter on the synthesized definition', () => {
  it('closes a case as self-recovered at verify when the customer came back, and frees them for a new alert', async () => {
    const input = await openCase('C-back', [event.visit(recent(90), 120), event.visit(recent(1), 98)]);
    const output = await run(input);
    expect(output.verification).toMatchObject({ outcome: 'self_recovered', closed: true });
    const store = new CaseStore(local.doc, local.names);
    expect(await store.alert('C-back', input.alertId)).toMatchObject({ status: 'self_recovered', outcomeReason: expect.stringMatching(/^no longer at risk: visited on/) });
    const customer = await new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 }).read('C-back');
    expect(customer?.openAlert).toBeUndefined();
  });

  it('confirms a case still at risk, with the owner and every deadline in working days, and audits the step once', async () => {
    const input = await openCase('C-away', [event.visit(recent(100), 120)]);
    const output = await run(input);
    expect(output.verification).toMatchObject({ outcome: 'confirmed', closed: false, level: 1, ownerRole: 'customer_service', followUpEveryDays: 7 });
    expect(Date.parse(output.verification.deadlines.firstContactBy)).toBeGreaterThan(Date.now() + 3 * 86_400_000);
    // A second run (a retried execution) records nothing twice.
    await run(input);
    const { Items } = await local.doc.send(
      new QueryCommand({ TableName: local.names.audit, KeyConditionExpression: 'caseKey = :k', ExpressionAttributeValues: { ':k': `C-away#${input.alertId}` } }),
    );
    expect(Items?.map((item) => [item.step, item.actor, item.what])).toEqual([['01-verify', 'system', 'verified: at risk at level 1']]);
  });
});
