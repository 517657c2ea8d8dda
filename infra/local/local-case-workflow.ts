import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { StateMachine } from 'aws-local-stepfunctions';
import { synthesizedDefinition } from './synthesized-stack.ts';

type Handler = (event: never, context: Context) => Promise<unknown>;

const context = { functionName: 'case-step', awsRequestId: 'local', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

/**
 * The case workflow exactly as `cdk synth` defines it, run by aws-local-stepfunctions with each
 * Task bound to its real handler. The interpreter gives `$$.Task.Token` only through its run
 * context, the same for every task: each waiting task gets a fresh token here instead, and
 * `succeed` answers it as SendTaskSuccess would.
 */
export function localCaseWorkflow(handlers: { verify: Handler; notify: Handler; breach: Handler; execute: Handler; followUp: Handler; close: Handler }) {
  const machine = new StateMachine(synthesizedDefinition('Case') as never, { validationOptions: { checkArn: false } });
  const waiting = new Map<string, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  const waitOnOwner = (taskInput: unknown) =>
    new Promise((resolve, reject) => {
      const token = randomUUID();
      waiting.set(token, { resolve, reject });
      const { Payload } = taskInput as { Payload: Record<string, unknown> };
      handlers.notify({ ...Payload, taskToken: token } as never, context).catch(reject);
    });
  return {
    /** Starts an execution; `transitions` counts the states it entered, as Step Functions bills them. */
    start(input: Record<string, unknown>): { result: Promise<Record<string, any>>; transitions: () => number } {
      let entered = 0;
      const execution = machine.run(input as never, {
        context: { Task: { Token: 'from-the-run-context' } } as never,
        overrides: {
          taskResourceLocalHandlers: {
            Verify: (taskInput: unknown) => handlers.verify(taskInput as never, context) as never,
            ResponsePlanBreach: (taskInput: unknown) => handlers.breach(taskInput as never, context) as never,
            ContactBreach: (taskInput: unknown) => handlers.breach(taskInput as never, context) as never,
            CloseRefused: (taskInput: unknown) => handlers.close(taskInput as never, context) as never,
            CloseRecovered: (taskInput: unknown) => handlers.close(taskInput as never, context) as never,
            CloseLost: (taskInput: unknown) => handlers.close(taskInput as never, context) as never,
            FollowUp: (taskInput: unknown) => handlers.followUp(taskInput as never, context) as never,
            AwaitResponsePlan: (taskInput: unknown) => waitOnOwner(taskInput) as never,
            AwaitContact: (taskInput: unknown) => waitOnOwner(taskInput) as never,
            AwaitApproval: (taskInput: unknown) => waitOnOwner(taskInput) as never,
            AwaitRevisedPlan: (taskInput: unknown) => waitOnOwner(taskInput) as never,
            AwaitLossReason: (taskInput: unknown) => waitOnOwner(taskInput) as never,
            LossReasonBreach: (taskInput: unknown) => handlers.breach(taskInput as never, context) as never,
            RevisedPlanBreach: (taskInput: unknown) => handlers.breach(taskInput as never, context) as never,
            ApprovalBreach: (taskInput: unknown) => handlers.breach(taskInput as never, context) as never,
            Execute: (taskInput: unknown) => handlers.execute(taskInput as never, context) as never,
          },
        },
      });
      const counting = (async () => {
        for await (const log of execution.eventLogs) if (log.type === 'StateEntered') entered += 1;
      })();
      counting.catch(() => undefined);
      return { result: execution.result as Promise<Record<string, any>>, transitions: () => entered };
    },
    run(input: Record<string, unknown>): Promise<Record<string, any>> {
      return this.start(input).result;
    },
    succeed(token: string, output: string): void {
      const task = waiting.get(token);
      if (task === undefined) throw Object.assign(new Error('Task Timed Out'), { name: 'TaskTimedOut' });
      waiting.delete(token);
      task.resolve(JSON.parse(output));
    },
  };
}
