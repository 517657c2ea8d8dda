import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOCAL_REGION } from './dynamodb-local.ts';
import { LocalLambda } from './local-lambda.ts';
import { LocalStepFunctions } from './step-functions/local-step-functions.ts';
import { stepFunctionsRequestListener } from './step-functions/step-functions-server.ts';
import { SynthesizedStack } from './synthesized-stack.ts';

export interface LocalCaseWorkflowOptions {
  /** Answer the first N calls of an operation with Step Functions throttling, as AWS does under load. */
  throttleFirst?: Partial<Record<string, number>>;
}

/** What an execution ends with: the case's state as its steps left it, which the tests read into. */
// biome-ignore lint/suspicious/noExplicitAny: the state is whatever the steps wrote; a test asserts on the fields it reads.
export type CaseOutput = Record<string, any>;

export interface ApiCall {
  operation: string;
  input: Record<string, unknown>;
}

/**
 * The case workflow exactly as `cdk synth` defines it, behind a local Step Functions endpoint, each
 * Task bound to its handler module, for the tests and the bench that drive cases one at a time.
 * Points AWS_ENDPOINT_URL_SFN at the endpoint: call it before the handlers are imported.
 */
export async function localCaseWorkflow(options: LocalCaseWorkflowOptions = {}) {
  const synthesized = SynthesizedStack.of();
  const lambda = new LocalLambda(synthesized.functions());
  const stepFunctions = new LocalStepFunctions({
    region: LOCAL_REGION,
    invoke: (name, payload) => lambda.invoke(name, payload),
  });
  const { name, definition } = synthesized.stateMachine('Case');
  const stateMachineArn = stepFunctions.createStateMachine(name, definition);
  const calls: ApiCall[] = [];
  const throttles = new Map(Object.entries(options.throttleFirst ?? {}));
  const server = createServer(
    stepFunctionsRequestListener(stepFunctions, (operation, input) => {
      calls.push({ operation, input });
      const left = throttles.get(operation) ?? 0;
      if (left <= 0) return undefined;
      throttles.set(operation, left - 1);
      return { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ENDPOINT_URL_SFN = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    /** What the handlers asked of the Step Functions API, in order. */
    calls,
    /** Starts an execution (a fresh name each time, as a redelivered start would be); `transitions` counts the states it entered, as Step Functions bills them. */
    start(input: Record<string, unknown>): {
      executionArn: string;
      result: Promise<CaseOutput>;
      transitions: () => number;
    } {
      const { executionArn } = stepFunctions.startExecution({
        stateMachineArn,
        name: randomUUID(),
        input: JSON.stringify(input),
      });
      const result = (async () => {
        for (;;) {
          const execution = stepFunctions.describeExecution({ executionArn });
          if (execution.status === 'SUCCEEDED') return JSON.parse(execution.output ?? '{}') as CaseOutput;
          if (execution.status !== 'RUNNING')
            throw Object.assign(new Error(`${execution.error}: ${execution.cause}`), {
              name: execution.error ?? 'ExecutionFailed',
            });
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      })();
      const transitions = () =>
        stepFunctions
          .getExecutionHistory({ executionArn, maxResults: 1000 })
          .events.filter((event) => event.type.endsWith('StateEntered')).length;
      return { executionArn, result, transitions };
    },
    run(input: Record<string, unknown>): Promise<CaseOutput> {
      return this.start(input).result;
    },
    stop(): Promise<void> {
      stepFunctions.close();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
