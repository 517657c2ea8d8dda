import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpTables, itemsHolding, type SeededCustomer, seedCustomer } from '../helpers/erasure-fixture.ts';
import { localDynamoDbEnvironment } from '../helpers/local-lambda-env.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';
import { runCli } from '../helpers/run-cli.ts';

const MACHINE = 'arn:aws:states:ap-east-1:123456789012:stateMachine:CaseStateMachine';
let local: LocalTables;
let env: NodeJS.ProcessEnv;
let customer: SeededCustomer;
/** A Step Functions endpoint that only stops executions, and remembers which (AWS JSON 1.0, as the SDK speaks it). */
let stepFunctions: Server;
const stopped: Array<{ target: string; body: Record<string, unknown> }> = [];

beforeAll(async () => {
  local = await localTables();
  customer = await seedCustomer(local.doc, local.names, 'C-CLI-0001', 1);
  stepFunctions = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      stopped.push({ target: String(request.headers['x-amz-target']), body: JSON.parse(text) });
      response
        .writeHead(200, { 'content-type': 'application/x-amz-json-1.0' })
        .end(JSON.stringify({ stopDate: Date.now() / 1000 }));
    });
  });
  await new Promise<void>((resolve) => stepFunctions.listen(0, '127.0.0.1', resolve));
  env = {
    ...localDynamoDbEnvironment(),
    AWS_ENDPOINT_URL_SFN: `http://127.0.0.1:${(stepFunctions.address() as AddressInfo).port}`,
    CASE_STATE_MACHINE_ARN: '',
  };
});

afterAll(() => new Promise<void>((resolve) => stepFunctions.close(() => resolve())));

describe('winback erase', () => {
  it('asks for the operator and a confirmation, and changes nothing without them', async () => {
    const before = await dumpTables(local.doc, local.names);
    const unconfirmed = await runCli(
      ['erase', customer.customerId, '--by', 'privacy-officer-li', '--table-prefix', local.prefix],
      undefined,
      env,
    );
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('cannot be undone; add --yes to go ahead');
    const anonymous = await runCli(
      ['erase', customer.customerId, '--yes', '--table-prefix', local.prefix],
      undefined,
      env,
    );
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toContain('--by: name the operator');
    expect(await dumpTables(local.doc, local.names)).toEqual(before);
  });

  it('refuses a customer with an open case when it cannot stop it, changing nothing', async () => {
    const before = await dumpTables(local.doc, local.names);
    const run = await runCli(
      ['erase', customer.customerId, '--by', 'privacy-officer-li', '--yes', '--table-prefix', local.prefix],
      undefined,
      env,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'has 1 open case(s) to stop and no case state machine was given; nothing was changed: pass --state-machine-arn',
    );
    expect(await dumpTables(local.doc, local.names)).toEqual(before);
  });

  it('erases, stopping the open case, and prints the counts with the customer masked', async () => {
    const run = await runCli(
      [
        'erase',
        customer.customerId,
        '--by',
        'privacy-officer-li',
        '--yes',
        '--table-prefix',
        local.prefix,
        '--state-machine-arn',
        MACHINE,
      ],
      undefined,
      env,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^erased C-\*+01: erasure [0-9a-f-]{36}$/);
    expect(lines[1]).toBe(
      'deleted: customers 1, contacts 1, events 6, links 1, snapshots 1, rejects 2; anonymised: alerts 3, audit 10, ledger 1; cases stopped: 1',
    );
    expect(run.stdout + run.stderr).not.toContain(customer.customerId);
    expect(stopped).toEqual([
      {
        target: 'AWSStepFunctions.StopExecution',
        body: expect.objectContaining({
          executionArn: `${MACHINE.replace(':stateMachine:', ':execution:')}:${customer.executionName}`,
        }),
      },
    ]);
    expect(await itemsHolding(local.doc, local.names, customer.traces)).toEqual([]);
  });

  it('says there is nothing left when run again', async () => {
    const run = await runCli(
      ['erase', customer.customerId, '--by', 'privacy-officer-li', '--yes', '--table-prefix', local.prefix],
      undefined,
      env,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^nothing held about C-\*+01: never known, or erased before; nothing was changed\n$/);
  });
});
