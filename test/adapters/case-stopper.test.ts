import { SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { StepFunctionsCaseStopper } from '#shared/adapters/stepfunctions/case-stopper.ts';
import { caseExecutionName } from '#shared/cases/case-start.ts';

const sfn = mockClient(SFNClient);
const machine = 'arn:aws:states:ap-east-1:123456789012:stateMachine:CaseStateMachine';
const stopper = new StepFunctionsCaseStopper(
  new SFNClient({ region: 'ap-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  machine,
);
const name = caseExecutionName({
  customerId: 'C0000037',
  storeId: 'STORE-01',
  alertId: 'daily-2026-11-23',
  level: 2,
  identifiedAt: '2026-11-23T02:00:00+08:00',
});
const fault = (errorName: string, status: number) =>
  Object.assign(new Error(errorName), { name: errorName, $metadata: { httpStatusCode: status } });

beforeEach(() => sfn.reset());

describe("stopping an erased customer's case execution", () => {
  it('stops the execution named after the alert, with an error and cause that name nobody', async () => {
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    await expect(stopper.stop(name)).resolves.toBe('stopped');
    const [call] = sfn.commandCalls(StopExecutionCommand).map((c) => c.args[0].input);
    expect(call).toEqual({
      executionArn: `arn:aws:states:ap-east-1:123456789012:execution:CaseStateMachine:${name}`,
      error: 'Winback.CustomerErased',
      cause: 'the customer asked for their data to be erased',
    });
    expect(JSON.stringify(call)).not.toContain('C0000037');
  });

  it('takes an execution that was never started as nothing to stop', async () => {
    sfn.on(StopExecutionCommand).rejects(fault('ExecutionDoesNotExist', 400));
    await expect(stopper.stop(name)).resolves.toBe('not-started');
  });

  it('retries throttling, and lets a lasting failure through so that nothing is erased around a running case', async () => {
    sfn.on(StopExecutionCommand).rejectsOnce(fault('ThrottlingException', 400)).resolves({ stopDate: new Date() });
    await expect(stopper.stop(name)).resolves.toBe('stopped');
    expect(sfn.commandCalls(StopExecutionCommand)).toHaveLength(2);
    sfn.reset();
    sfn.on(StopExecutionCommand).rejects(fault('AccessDeniedException', 400));
    await expect(stopper.stop(name)).rejects.toThrow('AccessDeniedException');
  });
});
