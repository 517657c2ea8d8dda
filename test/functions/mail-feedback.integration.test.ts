import type { Context, SNSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { loadStaffDirectory } from '#shared/adapters/dynamodb/staff-store.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { recipientGroups } from '#shared/reports/report-delivery.ts';
import { useLocalLambdaEnvironment } from '../helpers/local-lambda-env.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';

let local: LocalTables;
let handler: (event: SNSEvent, context: Context) => Promise<{ marked: string[] }>;

/** A notification as SES's configuration-set event destination publishes it to SNS. */
const snsEvent = (...messages: object[]): SNSEvent => ({
  Records: messages.map((message, i) => ({
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: 'arn:aws:sns:ap-east-1:123456789012:feedback:sub',
    Sns: {
      Type: 'Notification',
      MessageId: `m-${i}`,
      TopicArn: 'arn:aws:sns:ap-east-1:123456789012:feedback',
      Subject: undefined,
      Message: JSON.stringify(message),
      Timestamp: '2026-11-24T01:00:00.000Z',
      SignatureVersion: '1',
      Signature: 'x',
      SigningCertUrl: 'x',
      UnsubscribeUrl: 'x',
      MessageAttributes: {},
    },
  })) as unknown as SNSEvent['Records'],
});
const bounce = (email: string, bounceType: string) => ({
  eventType: 'Bounce',
  mail: { timestamp: '2026-11-24T00:59:00.000Z', source: 'winback@chain.example', destination: [email] },
  bounce: {
    bounceType,
    bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
    bouncedRecipients: [{ emailAddress: email, status: '5.1.1' }],
    timestamp: '2026-11-24T01:00:00.000Z',
    feedbackId: 'f',
  },
});

beforeAll(async () => {
  local = await localTables();
  useLocalLambdaEnvironment(local.names);
  await batchPut(local.doc, local.names.staff, [
    {
      id: 'ops-head',
      name: '郑经理',
      role: 'operations_head',
      stores: ['*'],
      email: 'ops@chain.example',
      active: true,
    },
    {
      id: 'cs-1',
      name: '王芳',
      role: 'customer_service',
      stores: ['S1'],
      email: 'Wang.Fang@chain.example',
      deputy: 'cs-1b',
      supervisor: 'ops-head',
      active: true,
    },
    {
      id: 'cs-1b',
      name: '李静',
      role: 'customer_service',
      stores: ['S1'],
      email: 'li.jing@chain.example',
      supervisor: 'ops-head',
      active: true,
    },
    {
      id: 'sm-1',
      name: '赵店长',
      role: 'store_manager',
      stores: ['S1'],
      email: 'sm1@chain.example',
      deputy: 'cs-1b',
      active: true,
    },
    { id: 'sm-2', name: '钱店长', role: 'store_manager', stores: ['S2'], email: 'sm2@chain.example', active: true },
  ]);
  ({ handler } = (await import('../../functions/mail-feedback/handler.ts')) as unknown as { handler: typeof handler });
});

describe('SES bounces and complaints (SNS -> mail-feedback, on DynamoDB Local)', () => {
  it("marks a permanently bouncing address so the deputy gets the person's steps; a soft bounce or another event changes nothing", async () => {
    const context = { functionName: 'mail-feedback', awsRequestId: 'r' } as Context;
    const result = await handler(
      snsEvent(bounce('wang.fang@chain.example', 'Permanent'), bounce('sm2@chain.example', 'Transient'), {
        eventType: 'Delivery',
        mail: {},
      }),
      context,
    );
    expect(result).toEqual({ marked: ['cs-1'] });
    const staff = await loadStaffDirectory(local.doc, local.names);
    expect(staff.person('cs-1')?.undeliverable).toEqual({
      at: '2026-11-24T01:00:00.000Z',
      reason: 'bounced (General)',
    });
    expect(staff.ownerOf('customer_service', 'S1').id).toBe('cs-1b');
    expect(staff.ownerOf('store_manager', 'S2').id).toBe('sm-2');
    // SNS delivers at least once: the same notification again marks the same person, nothing more.
    expect(await handler(snsEvent(bounce('wang.fang@chain.example', 'Permanent')), context)).toEqual({
      marked: ['cs-1'],
    });
  });

  it('takes a complaint (marked as spam) the same way, and sends a report meant for that person to their deputy', async () => {
    const context = { functionName: 'mail-feedback', awsRequestId: 'r2' } as Context;
    const complaint = {
      eventType: 'Complaint',
      mail: {},
      complaint: {
        complainedRecipients: [{ emailAddress: 'sm1@chain.example' }],
        timestamp: '2026-11-24T02:00:00.000Z',
        complaintFeedbackType: 'abuse',
      },
    };
    expect(await handler(snsEvent(complaint), context)).toEqual({ marked: ['sm-1'] });
    const staff = await loadStaffDirectory(local.doc, local.names);
    const groups = recipientGroups('risk-list', presetPolicy('script-kill'), staff);
    expect(groups.map((group) => [group.scope, group.people.map((person) => person.email)])).toEqual([
      ['chain', ['ops@chain.example']],
      ['S1', ['li.jing@chain.example']],
      ['S2', ['sm2@chain.example']],
    ]);
  });
});
