import { describe, expect, it } from 'vitest';
import { MAX_PACE, paceProblem } from '../../infra/local/local-clock.ts';
import { LocalStepFunctions } from '../../infra/local/step-functions/local-step-functions.ts';
import { runCli } from '../helpers/run-cli.ts';

// A wait on the owner as the case workflow has it: its seconds computed at the pace of its start.
const definition = {
  StartAt: 'AwaitAnswer',
  States: {
    AwaitAnswer: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: 'arn:aws:lambda:ap-east-1:123456789012:function:Ask',
        Payload: { 'wait.$': '$.wait', 'taskToken.$': '$$.Task.Token' },
      },
      TimeoutSecondsPath: '$.wait.seconds',
      // The case workflow's guard: retried as a task failure, which a missed deadline is not.
      Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 2, IntervalSeconds: 1 }],
      Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Missed' }],
      End: true,
    },
    Missed: { Type: 'Fail', Error: 'Missed', Cause: 'the deadline passed' },
  },
};

/** A policy clock the test moves by hand: nothing here depends on how fast the machine is. */
function handClock(scale: number) {
  const clock = { now: Date.parse('2026-12-04T02:00:00Z'), scale };
  return { clock, read: () => ({ ...clock }) };
}

async function settled(sfn: LocalStepFunctions, executionArn: string) {
  await expect.poll(() => sfn.describeExecution({ executionArn }).status, { timeout: 10_000 }).not.toBe('RUNNING');
  return sfn.describeExecution({ executionArn });
}

describe('a pace changed while a case waits applies to that wait (local Step Functions on the policy clock)', () => {
  it('ends a wait when policy time reaches its deadline, sped up after it started, and keeps a wait whose seconds ran out at the old pace', async () => {
    const { clock, read } = handClock(1);
    const sfn = new LocalStepFunctions({ region: 'ap-east-1', invoke: async () => null, clock: read });
    try {
      const arn = sfn.createStateMachine('Waits', definition);
      // Started at pace 1 with a day to go: the interpreter alone would wait a real day.
      const sped = sfn.startExecution({
        stateMachineArn: arn,
        name: 'sped-up',
        input: JSON.stringify({ wait: { seconds: 86_400 } }),
      });
      // Started at a day a second with a second to go, then the pace drops to 1.
      clock.scale = 86_400;
      const slowed = sfn.startExecution({
        stateMachineArn: arn,
        name: 'slowed-down',
        input: JSON.stringify({ wait: { seconds: 1 } }),
      });
      await expect
        .poll(() =>
          sfn.getExecutionHistory({ executionArn: slowed.executionArn }).events.some((e) => e.type === 'TaskSubmitted'),
        )
        .toBe(true);
      clock.scale = 1;

      // Policy time passes the first wait's deadline (a day on): it ends as at its deadline.
      clock.now += 86_400_000 + 1_000;
      expect(await settled(sfn, sped.executionArn)).toMatchObject({ status: 'FAILED', error: 'Missed' });
      // Once, as in AWS: a timeout is not a task failure to retry.
      expect(
        sfn.getExecutionHistory({ executionArn: sped.executionArn }).events.filter((e) => e.type === 'TaskTimedOut'),
      ).toHaveLength(1);
      // The second's deadline was a policy day after its start, which has just passed too; but
      // until then, the real second its old pace gave it was not its deadline.
      expect(await settled(sfn, slowed.executionArn)).toMatchObject({ status: 'FAILED', error: 'Missed' });
    } finally {
      sfn.close();
    }
  });

  it('never ends a wait before its policy deadline, however long in real time the pace it started at gave it', async () => {
    const { clock, read } = handClock(86_400);
    const sfn = new LocalStepFunctions({ region: 'ap-east-1', invoke: async () => null, clock: read });
    try {
      const arn = sfn.createStateMachine('Waits', definition);
      const { executionArn } = sfn.startExecution({
        stateMachineArn: arn,
        name: 'slow',
        input: JSON.stringify({ wait: { seconds: 1 } }),
      });
      await expect
        .poll(() => sfn.getExecutionHistory({ executionArn }).events.some((e) => e.type === 'TaskSubmitted'))
        .toBe(true);
      clock.scale = 1;
      // Past the real second the interpreter's own timer would have fired at, policy time stands still: still waiting.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(sfn.describeExecution({ executionArn }).status).toBe('RUNNING');
      clock.now += 86_400_000;
      expect(await settled(sfn, executionArn)).toMatchObject({ status: 'FAILED', error: 'Missed' });
    } finally {
      sfn.close();
    }
  });
});

// The wait between follow-up rounds: a Wait state whose seconds come from the step before.
const pause = {
  StartAt: 'UntilFollowUp',
  States: {
    UntilFollowUp: { Type: 'Wait', SecondsPath: '$.track.seconds', Next: 'FollowUp' },
    FollowUp: { Type: 'Pass', End: true },
  },
};

describe('a pace changed during a Wait state applies to it too', () => {
  it('keeps the wait until policy time has passed its seconds, slowed or sped up after it started, and shows it as a Wait', async () => {
    const { clock, read } = handClock(86_400);
    const sfn = new LocalStepFunctions({ region: 'ap-east-1', invoke: async () => null, clock: read });
    try {
      const arn = sfn.createStateMachine('Pauses', pause);
      const slowed = sfn.startExecution({
        stateMachineArn: arn,
        name: 'slowed',
        input: JSON.stringify({ track: { seconds: 1 } }),
      });
      clock.scale = 1;
      const sped = sfn.startExecution({
        stateMachineArn: arn,
        name: 'sped',
        input: JSON.stringify({ track: { seconds: 86_400 } }),
      });
      // Past the real second the first was given at a day a second: policy time stands still, both wait.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect([slowed, sped].map(({ executionArn }) => sfn.describeExecution({ executionArn }).status)).toEqual([
        'RUNNING',
        'RUNNING',
      ]);
      clock.scale = 86_400;
      clock.now += 86_400_000;
      for (const { executionArn } of [slowed, sped]) {
        expect(await settled(sfn, executionArn)).toMatchObject({
          status: 'SUCCEEDED',
          output: JSON.stringify({ track: { seconds: executionArn.endsWith('sped') ? 86_400 : 1 } }),
        });
        expect(sfn.getExecutionHistory({ executionArn }).events.map((e) => e.type)).toEqual([
          'ExecutionStarted',
          'WaitStateEntered',
          'WaitStateExited',
          'PassStateEntered',
          'PassStateExited',
          'ExecutionSucceeded',
        ]);
      }
    } finally {
      sfn.close();
    }
  });
});

describe('npm start keeps policy time within bounds', () => {
  it(`refuses a pace above ${MAX_PACE} (a week a second) and an unreadable --until, before starting anything`, async () => {
    expect(paceProblem(MAX_PACE)).toBeUndefined();
    expect(paceProblem(MAX_PACE + 1)).toContain('--until');
    const fast = await runCli(['start', '--time-scale', String(10 * MAX_PACE)]);
    expect(fast.code).not.toBe(0);
    expect(fast.stderr).toContain(`--time-scale: the pace is at most ${MAX_PACE}`);
    const until = await runCli(['start', '--until', 'next week']);
    expect(until.code).not.toBe(0);
    expect(until.stderr).toContain('--until: expected a date');
  });
});
