/**
 * What a Task state's Resource means, as Step Functions interprets it: a Lambda ARN (the payload
 * goes in, the function's result comes out), the optimised `lambda:invoke` integration (the result
 * wrapped as `{ Payload, StatusCode }`) and its `.waitForTaskToken` form (the function is invoked
 * with a task token; the state waits until someone answers that token).
 */
export interface TaskRuntime {
  invoke(functionName: string, payload: unknown): Promise<unknown>;
  /**
   * Issues a token for a waiting task and resolves with the answer SendTaskSuccess gives it.
   * `input` is the state's effective input (its Parameters), where a deadline's path points.
   */
  awaitToken(stateName: string, input: unknown): { token: string; answer: Promise<unknown> };
}

type TaskHandler = (input: unknown) => Promise<unknown>;

interface StateDefinition {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  TimeoutSecondsPath?: string;
  ItemProcessor?: { States: Record<string, StateDefinition> };
  Iterator?: { States: Record<string, StateDefinition> };
  Branches?: Array<{ States: Record<string, StateDefinition> }>;
}

const LAMBDA_INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke(\.waitForTaskToken)?$/;
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:/;

/** Every Task state of a definition (Map and Parallel branches included), by name. */
export function taskStates(states: Record<string, StateDefinition>): Array<[string, StateDefinition]> {
  return Object.entries(states).flatMap(([name, state]) => [
    ...(state.Type === 'Task' ? [[name, state] as [string, StateDefinition]] : []),
    ...(state.ItemProcessor ? taskStates(state.ItemProcessor.States) : []),
    ...(state.Iterator ? taskStates(state.Iterator.States) : []),
    ...(state.Branches ?? []).flatMap((branch) => taskStates(branch.States)),
  ]);
}

/**
 * Where the interpreter's copy of a Task carries the timeout its TimeoutSecondsPath selects from
 * the state input: a key of its Parameters, which is never passed on to the resource.
 */
const CARRIED_TIMEOUT = 'LocalTimeoutSeconds';

/**
 * The definition as the interpreter must run it to read TimeoutSecondsPath as AWS does. AWS
 * resolves the path against the state's input; aws-local-stepfunctions against the effective
 * input (after Parameters), where a definition written for AWS need not have it. In the copy, each
 * Task with Parameters selects the value into them (Parameters are resolved against the state
 * input too) and its TimeoutSecondsPath points there. A Task without Parameters needs nothing: its
 * effective input is its input.
 */
export function withTimeoutsFromStateInput(definition: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(definition) as { States: Record<string, StateDefinition> };
  for (const [, state] of taskStates(copy.States)) {
    if (state.TimeoutSecondsPath === undefined || state.Parameters === undefined) continue;
    state.Parameters[`${CARRIED_TIMEOUT}.$`] = state.TimeoutSecondsPath;
    state.TimeoutSecondsPath = `$.${CARRIED_TIMEOUT}`;
  }
  return copy as unknown as Record<string, unknown>;
}

/** A Task's effective input without the timeout carried in it: what its resource is given. */
function withoutCarriedTimeout(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || !(CARRIED_TIMEOUT in input)) return input;
  const { [CARRIED_TIMEOUT]: _carried, ...rest } = input as Record<string, unknown>;
  return rest;
}

/** Replaces the run's placeholder token with this wait's own token, wherever the Parameters put it. */
function withToken(value: unknown, placeholder: string, token: string): unknown {
  if (value === placeholder) return token;
  if (Array.isArray(value)) return value.map((item) => withToken(item, placeholder, token));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withToken(v, placeholder, token)]));
  return value;
}

export function taskHandlers(
  definition: { States: Record<string, StateDefinition> },
  runtime: TaskRuntime,
  tokenPlaceholder: string,
): Record<string, TaskHandler> {
  return Object.fromEntries(
    taskStates(definition.States).map(([name, state]): [string, TaskHandler] => {
      const resource = state.Resource ?? '';
      const integration = LAMBDA_INVOKE.exec(resource);
      if (integration?.[1]) {
        return [
          name,
          async (input) => {
            const { FunctionName, Payload } = input as { FunctionName: string; Payload: unknown };
            const { token, answer } = runtime.awaitToken(name, input);
            await runtime.invoke(FunctionName, withToken(Payload, tokenPlaceholder, token));
            return answer;
          },
        ];
      }
      if (integration) {
        return [
          name,
          async (input) => {
            const { FunctionName, Payload } = input as { FunctionName: string; Payload: unknown };
            return {
              ExecutedVersion: '$LATEST',
              Payload: (await runtime.invoke(FunctionName, Payload)) ?? null,
              StatusCode: 200,
            };
          },
        ];
      }
      if (LAMBDA_ARN.test(resource)) return [name, (input) => runtime.invoke(resource, withoutCarriedTimeout(input))];
      return [
        name,
        () =>
          Promise.reject(
            Object.assign(new Error(`the local runtime does not run Task resource ${resource}`), {
              name: 'States.Runtime',
            }),
          ),
      ];
    }),
  );
}
