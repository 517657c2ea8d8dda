import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const MODULE = new URL('../../infra/local/step-functions/local-step-functions.ts', import.meta.url).href;

/**
 * A process that runs the local Step Functions as the local stack does (on a policy clock): an
 * execution waiting on a task token with a deadline an hour away and one in an hour's Wait, both
 * stopped by StopExecution, then the runtime closed (what Ctrl-C does). Nothing else holds the
 * process: it must end by itself.
 */
const script = `
  const { LocalStepFunctions } = await import(${JSON.stringify(MODULE)});
  let asked = false;
  const invoked = [];
  const sfn = new LocalStepFunctions({ region: 'ap-east-1', invoke: async (name) => { invoked.push(name.split(':').at(-1)); asked = true; return null; }, clock: () => ({ now: Date.now(), scale: 1 }) });
  const pauses = sfn.createStateMachine('Pauses', { StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 3600, End: true } } });
  const paused = sfn.startExecution({ stateMachineArn: pauses, name: 'paused-1' });
  const arn = sfn.createStateMachine('Waits', {
    StartAt: 'AwaitAnswer',
    States: {
      AwaitAnswer: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'arn:aws:lambda:ap-east-1:123456789012:function:Ask', Payload: { 'taskToken.$': '$$.Task.Token' } },
        TimeoutSeconds: 3600,
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
        End: true,
      },
      Failed: { Type: 'Task', Resource: 'arn:aws:lambda:ap-east-1:123456789012:function:RecordFailure', End: true },
    },
  });
  const { executionArn } = sfn.startExecution({ stateMachineArn: arn, name: 'stopped-1' });
  while (!asked) await new Promise((resolve) => setTimeout(resolve, 20));
  sfn.stopExecution({ executionArn, error: 'Ops', cause: 'stopped by hand' });
  sfn.stopExecution({ executionArn: paused.executionArn });
  while ([executionArn, paused.executionArn].some((arn) => sfn.describeExecution({ executionArn: arn }).status === 'RUNNING')) await new Promise((resolve) => setTimeout(resolve, 20));
  sfn.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  console.log('closed ' + sfn.describeExecution({ executionArn }).status + ' ' + sfn.describeExecution({ executionArn: paused.executionArn }).status + ', invoked ' + invoked.join(' '));
`;

describe('the local Step Functions lets its process end', () => {
  it('after an execution waiting on a task token was stopped (StopExecution) and the runtime closed, running nothing after the stop', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    // Generous: the bound only keeps a hung process from outliving the test.
    const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('exit', (c, s) => resolve([c, s])),
    );
    clearTimeout(killer);
    // Stopped means stopped: the Catch's next state never runs.
    expect(output).toContain('closed ABORTED ABORTED, invoked Ask\n');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  }, 60_000);
});
