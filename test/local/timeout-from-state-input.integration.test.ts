import { describe, expect, it } from 'vitest';
import { LocalStepFunctions } from '../../infra/local/step-functions/local-step-functions.ts';

// A wait on a person as AWS reads it: TimeoutSecondsPath selects the deadline from the state input,
// where the step before put it; the Parameters give the function something else entirely.
const definition = {
  StartAt: 'Greet',
  States: {
    Greet: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:ap-east-1:123456789012:function:Greet',
      Parameters: { 'who.$': '$.who' },
      TimeoutSecondsPath: '$.wait.seconds',
      ResultPath: '$.greeting',
      Next: 'AwaitAnswer',
    },
    AwaitAnswer: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: 'arn:aws:lambda:ap-east-1:123456789012:function:Ask',
        Payload: { 'who.$': '$.who', 'taskToken.$': '$$.Task.Token' },
      },
      TimeoutSecondsPath: '$.wait.seconds',
      ResultPath: '$.answer',
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.missed', Next: 'Missed' }],
      End: true,
    },
    Missed: { Type: 'Fail', Error: 'Missed', Cause: 'nobody answered' },
  },
};

function runtime(clock?: () => { now: number; scale: number }) {
  const payloads: Array<{ name: string; payload: unknown }> = [];
  const sfn = new LocalStepFunctions({
    region: 'ap-east-1',
    invoke: async (name, payload) => {
      payloads.push({ name, payload });
      return 'hello';
    },
    ...(clock ? { clock } : {}),
  });
  return { sfn, payloads, arn: sfn.createStateMachine('Waits', definition) };
}

async function settled(sfn: LocalStepFunctions, executionArn: string) {
  await expect.poll(() => sfn.describeExecution({ executionArn }).status, { timeout: 10_000 }).not.toBe('RUNNING');
  return sfn.describeExecution({ executionArn });
}

describe("a task's deadline, read from the state input as AWS reads TimeoutSecondsPath (local Step Functions)", () => {
  it('times the wait out at the seconds the state input names, and gives each function only its Parameters', async () => {
    const { sfn, payloads, arn } = runtime();
    try {
      const { executionArn } = sfn.startExecution({
        stateMachineArn: arn,
        name: 'ann',
        input: JSON.stringify({ who: 'ann', wait: { seconds: 1 } }),
      });
      expect(await settled(sfn, executionArn)).toMatchObject({ status: 'FAILED', error: 'Missed' });
      expect(payloads.map(({ name }) => name.split(':').at(-1))).toEqual(['Greet', 'Ask']);
      expect(payloads[0]?.payload).toEqual({ who: 'ann' });
      expect(Object.keys(payloads[1]?.payload as object).sort()).toEqual(['taskToken', 'who']);
    } finally {
      sfn.close();
    }
  });

  it('keeps that deadline on the policy clock', async () => {
    const clock = { now: Date.parse('2026-12-04T02:00:00Z'), scale: 1 };
    const { sfn, arn } = runtime(() => ({ ...clock }));
    try {
      const { executionArn } = sfn.startExecution({
        stateMachineArn: arn,
        name: 'bob',
        input: JSON.stringify({ who: 'bob', wait: { seconds: 86_400 } }),
      });
      await expect
        .poll(() => sfn.getExecutionHistory({ executionArn }).events.some((e) => e.type === 'TaskSubmitted'))
        .toBe(true);
      expect(sfn.describeExecution({ executionArn }).status).toBe('RUNNING');
      clock.now += 86_400_000 + 1_000;
      expect(await settled(sfn, executionArn)).toMatchObject({ status: 'FAILED', error: 'Missed' });
    } finally {
      sfn.close();
    }
  });
});
