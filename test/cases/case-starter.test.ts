import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { StepFunctionsCaseStarter } from '#shared/adapters/stepfunctions/case-executions.ts';

const sfn = mockClient(SFNClient);
const starter = new StepFunctionsCaseStarter(
  new SFNClient({ region: 'ap-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  'arn:aws:states:ap-east-1:1:stateMachine:Case',
);
const alert = {
  customerId: 'C0000037',
  storeId: 'STORE-01',
  alertId: 'daily-2026-11-23',
  level: 2 as const,
  identifiedAt: '2026-11-23T02:00:00+08:00',
};
const fault = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

beforeEach(() => sfn.reset());

describe('starting a case execution for an alert', () => {
  it('treats ExecutionAlreadyExists as already started: a retried start never makes a second case', async () => {
    sfn.on(StartExecutionCommand).rejects(fault('ExecutionAlreadyExists', 400));
    await expect(starter.start(alert)).resolves.toBe('already-started');
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('retries throttling with the same name and input', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejectsOnce(fault('ThrottlingException', 400))
      .resolves({ executionArn: 'arn:x', startDate: new Date() });
    await expect(starter.start(alert)).resolves.toBe('started');
    const calls = sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual(calls[1]);
    expect(calls[0]?.name).toMatch(/^L2-STORE-01-C0xxxx37-20261123-[0-9a-f]{8}$/);
  });

  it('lets a lasting failure through, for the next scan to try again', async () => {
    sfn.on(StartExecutionCommand).rejects(fault('StateMachineDoesNotExist', 400));
    await expect(starter.start(alert)).rejects.toThrow('StateMachineDoesNotExist');
  });
});
