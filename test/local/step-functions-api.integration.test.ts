import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer } from '../../infra/local/ports.ts';
import { LocalStepFunctions } from '../../infra/local/step-functions/local-step-functions.ts';
import { stepFunctionsRequestListener } from '../../infra/local/step-functions/step-functions-server.ts';

// A definition in the shapes CDK synthesizes: a Lambda ARN task, then a wait on a task token with a
// deadline read from the state input (TimeoutSecondsPath), as AWS reads it.
const definition = {
  StartAt: 'Greet',
  States: {
    Greet: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:ap-east-1:123456789012:function:Greet',
      ResultPath: '$.greeting',
      Next: 'AwaitAnswer',
    },
    AwaitAnswer: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: 'arn:aws:lambda:ap-east-1:123456789012:function:Ask',
        Payload: { 'who.$': '$.who', 'seconds.$': '$.seconds', 'taskToken.$': '$$.Task.Token' },
      },
      TimeoutSecondsPath: '$.seconds',
      ResultPath: '$.answer',
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.missed', Next: 'Missed' }],
      End: true,
    },
    Missed: { Type: 'Fail', Error: 'Missed', Cause: 'nobody answered' },
  },
};

const asked = new Map<string, string>();
let server: Server;
let sfn: SFNClient;
let stateMachineArn: string;

beforeAll(async () => {
  const stepFunctions = new LocalStepFunctions({
    region: 'ap-east-1',
    invoke: async (name, payload) => {
      const { who, taskToken } = payload as { who: string; taskToken?: string };
      if (name.endsWith(':Ask')) asked.set(who, taskToken ?? '');
      return name.endsWith(':Greet') ? `hello ${who}` : null;
    },
  });
  stateMachineArn = stepFunctions.createStateMachine('Greeting', definition);
  server = createServer(stepFunctionsRequestListener(stepFunctions));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sfn = new SFNClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'ap-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
});

afterAll(() => closeServer(server));

async function asking(who: string): Promise<string> {
  await expect.poll(() => asked.get(who)).toBeTruthy();
  return asked.get(who) as string;
}

async function settled(executionArn: string) {
  await expect
    .poll(async () => (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status, { timeout: 10_000 })
    .not.toBe('RUNNING');
  return sfn.send(new DescribeExecutionCommand({ executionArn }));
}

describe('the local Step Functions endpoint, through the AWS SDK', () => {
  it('runs an execution to the end once its task token is answered, and takes each token once', async () => {
    const input = JSON.stringify({ who: 'ann', seconds: 30 });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'ann-1', input }));
    expect(executionArn).toBe('arn:aws:states:ap-east-1:123456789012:execution:Greeting:ann-1');
    // The same start again while it runs is the same execution; other input under the name is refused.
    expect((await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'ann-1', input }))).executionArn).toBe(
      executionArn,
    );
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'ann-1', input: '{"who":"bob"}' })),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });

    const token = await asking('ann');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"said":"yes"}' }));
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'never-issued', output: '{}' })),
    ).rejects.toMatchObject({ name: 'TaskDoesNotExist' });

    const done = await settled(executionArn ?? '');
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? '{}')).toEqual({
      who: 'ann',
      seconds: 30,
      greeting: 'hello ann',
      answer: { said: 'yes' },
    });
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('times a wait out at its deadline (the answer then comes too late), fails on SendTaskFailure, and stops on request', async () => {
    const late = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        name: 'cat-1',
        input: JSON.stringify({ who: 'cat', seconds: 1 }),
      }),
    );
    const token = await asking('cat');
    expect(await settled(late.executionArn ?? '')).toMatchObject({
      status: 'FAILED',
      error: 'Missed',
      cause: 'nobody answered',
    });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });

    const failed = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        name: 'dan-1',
        input: JSON.stringify({ who: 'dan', seconds: 30 }),
      }),
    );
    await sfn.send(new SendTaskFailureCommand({ taskToken: await asking('dan'), error: 'Refused', cause: 'said no' }));
    expect(await settled(failed.executionArn ?? '')).toMatchObject({
      status: 'FAILED',
      error: 'Refused',
      cause: 'said no',
    });

    const stopped = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        name: 'eve-1',
        input: JSON.stringify({ who: 'eve', seconds: 30 }),
      }),
    );
    await asking('eve');
    await sfn.send(
      new StopExecutionCommand({ executionArn: stopped.executionArn, error: 'Ops', cause: 'duplicate case' }),
    );
    expect(await settled(stopped.executionArn ?? '')).toMatchObject({
      status: 'ABORTED',
      error: 'Ops',
      cause: 'duplicate case',
    });
  });

  it('lists executions newest first, by status, a page at a time, and names what does not exist', async () => {
    const all = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(all.executions?.map((e) => e.name)).toEqual(['eve-1', 'dan-1', 'cat-1', 'ann-1']);
    const failed = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'FAILED' }));
    expect(failed.executions?.map((e) => e.name)).toEqual(['dan-1', 'cat-1']);
    const first = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 3 }));
    const rest = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn, maxResults: 3, nextToken: first.nextToken }),
    );
    expect([...(first.executions ?? []), ...(rest.executions ?? [])].map((e) => e.name)).toEqual([
      'eve-1',
      'dan-1',
      'cat-1',
      'ann-1',
    ]);
    expect(rest.nextToken).toBeUndefined();
    await expect(sfn.send(new ListExecutionsCommand({ stateMachineArn: `${stateMachineArn}X` }))).rejects.toMatchObject(
      { name: 'StateMachineDoesNotExist' },
    );
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'has space' }))).rejects.toMatchObject({
      name: 'InvalidName',
    });
  });
});
