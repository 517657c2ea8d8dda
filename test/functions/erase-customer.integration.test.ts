import { SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { dumpTables, itemsHolding, seedCustomer } from '../helpers/erasure-fixture.ts';
import { httpPost, lambdaContext } from '../helpers/http-event.ts';
import { useLocalLambdaEnvironment } from '../helpers/local-lambda-env.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';

const MACHINE = 'arn:aws:states:ap-east-1:123456789012:stateMachine:CaseStateMachine';
const sfn = mockClient(SFNClient);
let local: LocalTables;
let handler: (
  event: APIGatewayProxyEventV2,
  context: typeof lambdaContext,
) => Promise<APIGatewayProxyStructuredResultV2>;

const call = async (body: unknown, caller?: string) => {
  const event = httpPost('/v1/erasures', body);
  if (caller) (event.requestContext as unknown as Record<string, unknown>).authorizer = { iam: { userArn: caller } };
  const reply = await handler(event, lambdaContext);
  return { status: reply.statusCode, body: JSON.parse(String(reply.body)) };
};

beforeAll(async () => {
  local = await localTables();
  useLocalLambdaEnvironment(local.names);
  Object.assign(process.env, { CASE_STATE_MACHINE_ARN: MACHINE, WINBACK_POLICY: 'script-kill' });
  sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
  ({ handler } = (await import('../../functions/erase-customer/handler.ts')) as unknown as { handler: typeof handler });
});

describe('POST /v1/erasures (IAM-authorised, for the operators who handle personal-data requests)', () => {
  it('erases the customer and answers with the counts, recording who asked and who signed', async () => {
    const customer = await seedCustomer(local.doc, local.names, 'C-API-0001', 1);
    const reply = await call(
      { customerId: customer.customerId, by: 'privacy-officer-li' },
      'arn:aws:iam::123456789012:user/li',
    );

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      erasureId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      outcome: 'erased',
      resumed: false,
      counts: customer.expected,
    });
    expect(JSON.stringify(reply.body)).not.toContain(customer.customerId);
    expect(sfn.commandCalls(StopExecutionCommand).map((c) => c.args[0].input.executionArn)).toEqual([
      `${MACHINE.replace(':stateMachine:', ':execution:')}:${customer.executionName}`,
    ]);
    expect(await itemsHolding(local.doc, local.names, customer.traces)).toEqual([]);
    const record = (await dumpTables(local.doc, local.names)).audit.find(
      (item) => item.erasureId === reply.body.erasureId,
    );
    expect(record).toMatchObject({
      requestedBy: 'privacy-officer-li',
      via: 'api',
      caller: 'arn:aws:iam::123456789012:user/li',
      status: 'completed',
      counts: customer.expected,
    });
  });

  it('answers a repeated request with nothing held, changing nothing', async () => {
    const before = await dumpTables(local.doc, local.names);
    const reply = await call({ customerId: 'C-API-0001', by: 'privacy-officer-li' });
    expect(reply).toEqual({
      status: 200,
      body: { outcome: 'nothing-held', resumed: false, counts: expect.objectContaining({ customers: 0, alerts: 0 }) },
    });
    expect(await dumpTables(local.doc, local.names)).toEqual(before);
  });

  it('answers 400 naming the field on bad input, and erases nothing', async () => {
    await seedCustomer(local.doc, local.names, 'C-API-0002', 2);
    const before = await dumpTables(local.doc, local.names);
    expect(await call({ customerId: 'C-API-0002' })).toEqual({
      status: 400,
      body: {
        message: 'invalid request: by: expected string, received undefined',
        issues: [{ field: 'by', message: 'expected string, received undefined' }],
      },
    });
    expect(await call({ customerId: '  ', by: 'li' })).toMatchObject({
      status: 400,
      body: { issues: [{ field: 'customerId', message: 'must not be empty' }] },
    });
    expect(await call({ customerId: 'C-API-0002', by: 'li', reason: 'x' })).toMatchObject({
      status: 400,
      body: { issues: [{ field: 'reason', message: 'unknown field (misspelt?)' }] },
    });
    expect(await call({ customerId: 'erased-0f1e2d3c-0000-0000-0000-000000000000', by: 'li' })).toMatchObject({
      status: 400,
      body: { issues: [{ field: 'customerId' }] },
    });
    expect(await call([])).toMatchObject({ status: 400, body: { issues: [{ field: '(whole record)' }] } });
    expect(await dumpTables(local.doc, local.names)).toEqual(before);
  });
});

describe("POST /v1/erasures in AWS, where the stack names the privacy officer's role", () => {
  it('refuses anyone else who can sign requests to the API, and erases nothing', async () => {
    const customer = await seedCustomer(local.doc, local.names, 'C-API-0009', 9);
    process.env.ERASURE_ROLE_NAME = 'Winback-PrivacyOfficer1234';
    try {
      const source = await call(
        { customerId: customer.customerId, by: 'pos-system' },
        'arn:aws:sts::123456789012:assumed-role/CashierExport/session-1',
      );
      expect(source).toEqual({
        status: 403,
        body: { message: 'only the Winback-PrivacyOfficer1234 role may erase customers' },
      });
      expect((await itemsHolding(local.doc, local.names, customer.traces)).length).toBeGreaterThan(0);
      const officer = await call(
        { customerId: customer.customerId, by: 'privacy-officer-li' },
        'arn:aws:sts::123456789012:assumed-role/Winback-PrivacyOfficer1234/li',
      );
      expect(officer.status).toBe(200);
      expect(await itemsHolding(local.doc, local.names, customer.traces)).toEqual([]);
    } finally {
      delete process.env.ERASURE_ROLE_NAME;
    }
  });

  it('compares the role name in the parsed caller ARN exactly: look-alike roles, users and malformed ARNs are refused', async () => {
    const customer = await seedCustomer(local.doc, local.names, 'C-API-0010', 10);
    process.env.ERASURE_ROLE_NAME = 'Winback-PrivacyOfficer1234';
    try {
      for (const caller of [
        'arn:aws:sts::123456789012:assumed-role/Evil-Winback-PrivacyOfficer1234/li',
        'arn:aws:sts::123456789012:assumed-role/Winback-PrivacyOfficer1234-Copy/li',
        'arn:aws:iam::123456789012:user/li',
        // An IAM user whose path holds the officer's assumed-role text.
        'arn:aws:iam::123456789012:user/:assumed-role/Winback-PrivacyOfficer1234/li',
        'arn:aws:sts::123456789012:assumed-role/Winback-PrivacyOfficer1234',
        'Winback-PrivacyOfficer1234',
      ]) {
        expect(await call({ customerId: customer.customerId, by: 'someone' }, caller), caller).toEqual({
          status: 403,
          body: { message: 'only the Winback-PrivacyOfficer1234 role may erase customers' },
        });
      }
      // The officer's role name, but in another account than the API's.
      const elsewhere = httpPost('/v1/erasures', { customerId: customer.customerId, by: 'someone' });
      Object.assign(elsewhere.requestContext, {
        accountId: '123456789012',
        authorizer: { iam: { userArn: 'arn:aws:sts::210987654321:assumed-role/Winback-PrivacyOfficer1234/x' } },
      });
      expect((await handler(elsewhere, lambdaContext)).statusCode).toBe(403);
      expect((await itemsHolding(local.doc, local.names, customer.traces)).length).toBeGreaterThan(0);
      const officer = await call(
        { customerId: customer.customerId, by: 'privacy-officer-li' },
        'arn:aws:iam::123456789012:role/privacy/Winback-PrivacyOfficer1234',
      );
      expect(officer.status).toBe(200);
    } finally {
      delete process.env.ERASURE_ROLE_NAME;
    }
  });
});
