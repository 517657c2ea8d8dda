import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { LOCAL_ACCOUNT } from '../synthesized-stack.ts';
import { type HistoryEvent, historyDetails, type InterpreterEvent } from './history-events.ts';
import {
  type PolicyClock,
  PolicyDeadlines,
  type TaskTimeout,
  timeoutSeconds,
  withPolicyDeadlines,
} from './policy-deadlines.ts';
import { taskHandlers, withTimeoutsFromStateInput } from './task-integrations.ts';

/** An error of the Step Functions API: `type` is the `__type` the SDK turns into an exception name. */
export class StepFunctionsApiError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  events: HistoryEvent[];
  abort: () => void;
  aborted?: { error?: string; cause?: string };
  /**
   * The interpreter's events reach the history a little after they happen; the server's own
   * (a token issued, a token answered) wait here to take their place beside their state's.
   */
  entered?: string;
  pendingSubmits: Map<string, InterpreterEvent[]>;
  pendingAnswers: Map<string, InterpreterEvent[]>;
  /** Its Wait states the runtime runs on the policy clock, and how to end each one sleeping now. */
  waitStates: ReadonlyMap<string, TaskTimeout>;
  sleepers: Set<(error: Error) => void>;
}

interface Waiter {
  executionArn: string;
  stateName: string;
  issuedAt: number;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  /** Cancels its policy deadline, when the runtime keeps one. */
  cancel?: () => void;
}

interface RegisteredMachine {
  stateMachineArn: string;
  name: string;
  definition: Record<string, unknown>;
  /** Validated once (the validator compiles JSON schemas: seconds), run once per execution. */
  interpreter: StateMachine;
  creationDate: number;
  /** The timeouts of its waits on a task token, and its Wait states, kept in policy time (empty without a policy clock). */
  timeouts: Map<string, TaskTimeout>;
  waits: Map<string, TaskTimeout>;
}

export interface LocalStepFunctionsOptions {
  region: string;
  /** Runs a Lambda function by name or ARN, as a Task's integration invokes it. */
  invoke(functionName: string, payload: unknown): Promise<unknown>;
  /**
   * The policy clock: given, each wait on a task token times out when policy time reaches its
   * deadline, so a pace changed while it waits applies to it (see policy-deadlines.ts); without
   * it, the interpreter's real-time timer does, at the pace the wait started with.
   */
  clock?: PolicyClock;
}

/** What ListExecutions gives of an execution, and DescribeExecution starts with. */
const summary = (e: Execution) => ({
  executionArn: e.executionArn,
  stateMachineArn: e.stateMachineArn,
  name: e.name,
  status: e.status,
  startDate: seconds(e.startDate),
  ...(e.stopDate !== undefined ? { stopDate: seconds(e.stopDate) } : {}),
});

const NAME = /^[0-9A-Za-z_-]{1,80}$/;
const seconds = (ms: number): number => ms / 1000;

function page<T>(
  items: T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
): { items: T[]; nextToken?: string } {
  const start = nextToken ? Number(Buffer.from(nextToken, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0)
    throw new StepFunctionsApiError('InvalidToken', `Invalid pagination token: ${nextToken}`);
  const size = maxResults && maxResults > 0 ? Math.min(maxResults, 1000) : 100;
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextToken: Buffer.from(String(end)).toString('base64url') } : {}),
  };
}

/**
 * Step Functions on one machine: the definitions `cdk synth` produced, run by aws-local-stepfunctions,
 * with the operations of the Step Functions API over them (start, describe, list, history, task
 * tokens, stop). Executions live in memory: a restart of the local stack ends them.
 */
export class LocalStepFunctions {
  readonly #machines = new Map<string, RegisteredMachine>();
  readonly #executions = new Map<string, Execution>();
  readonly #waiters = new Map<string, Waiter>();
  readonly #options: LocalStepFunctionsOptions;
  readonly #deadlines: PolicyDeadlines | undefined;

  constructor(options: LocalStepFunctionsOptions) {
    this.#options = options;
    this.#deadlines = options.clock ? new PolicyDeadlines(options.clock) : undefined;
  }

  createStateMachine(name: string, definition: Record<string, unknown>): string {
    const stateMachineArn = `arn:aws:states:${this.#options.region}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
    const standard = withTimeoutsFromStateInput(definition);
    const run = this.#deadlines
      ? withPolicyDeadlines(standard)
      : { definition: standard, timeouts: new Map<string, TaskTimeout>(), waits: new Map<string, TaskTimeout>() };
    const interpreter = new StateMachine(
      run.definition as never,
      { validationOptions: { checkArn: false, checkPaths: true } } as never,
    );
    this.#machines.set(stateMachineArn, {
      stateMachineArn,
      name,
      definition,
      interpreter,
      creationDate: Date.now(),
      timeouts: run.timeouts,
      waits: run.waits,
    });
    return stateMachineArn;
  }

  listStateMachines() {
    return {
      stateMachines: [...this.#machines.values()].map(({ stateMachineArn, name, creationDate }) => ({
        stateMachineArn,
        name,
        type: 'STANDARD',
        creationDate: seconds(creationDate),
      })),
    };
  }

  describeStateMachine({ stateMachineArn }: { stateMachineArn: string }) {
    const machine = this.#machine(stateMachineArn);
    return {
      stateMachineArn,
      name: machine.name,
      status: 'ACTIVE',
      definition: JSON.stringify(machine.definition),
      roleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/local`,
      type: 'STANDARD',
      creationDate: seconds(machine.creationDate),
    };
  }

  startExecution({ stateMachineArn, name, input }: { stateMachineArn: string; name?: string; input?: string }) {
    const machine = this.#machine(stateMachineArn);
    const executionName = name ?? randomUUID();
    if (!NAME.test(executionName)) throw new StepFunctionsApiError('InvalidName', `Invalid Name: '${executionName}'`);
    const executionArn = `arn:aws:states:${this.#options.region}:${LOCAL_ACCOUNT}:execution:${machine.name}:${executionName}`;
    const inputText = input ?? '{}';
    const existing = this.#executions.get(executionArn);
    if (existing) {
      // As in AWS: the same name and input while running is the same start; anything else is refused.
      if (existing.status === 'RUNNING' && existing.input === inputText)
        return { executionArn, startDate: seconds(existing.startDate) };
      throw new StepFunctionsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(inputText);
    } catch {
      throw new StepFunctionsApiError('InvalidExecutionInput', `Invalid execution input: not JSON`);
    }
    const tokenPlaceholder = `${executionArn}#task-token`;
    // Known before the interpreter runs: a first state that waits on a token issues it at once.
    const execution: Execution = {
      executionArn,
      stateMachineArn,
      name: executionName,
      status: 'RUNNING',
      startDate: Date.now(),
      input: inputText,
      events: [],
      abort: () => undefined,
      pendingSubmits: new Map(),
      pendingAnswers: new Map(),
      waitStates: machine.waits,
      sleepers: new Set(),
    };
    this.#executions.set(executionArn, execution);
    let run: ReturnType<StateMachine['run']>;
    try {
      run = machine.interpreter.run(
        parsed as never,
        {
          noThrowOnAbort: true,
          context: {
            Execution: { Id: executionArn, Name: executionName, RoleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/local` },
            StateMachine: { Id: stateMachineArn, Name: machine.name },
            Task: { Token: tokenPlaceholder },
          },
          overrides: {
            taskResourceLocalHandlers: {
              ...taskHandlers(
                machine.definition as never,
                this.#taskRuntime(executionArn, machine.timeouts),
                tokenPlaceholder,
              ),
              ...Object.fromEntries(
                [...machine.waits].map(([state, wait]) => [
                  state,
                  (input: unknown) => this.#sleep(execution, wait, input),
                ]),
              ),
            } as never,
          },
        } as never,
      );
    } catch (error) {
      this.#executions.delete(executionArn);
      throw error;
    }
    execution.abort = run.abort;
    // The outcome is read from the event log; the result promise only has to be settled.
    run.result.catch(() => undefined);
    this.#follow(execution, run.eventLogs as AsyncIterable<InterpreterEvent>).catch((error: Error) => {
      // The history could not be kept: the execution is reported failed rather than running forever.
      Object.assign(execution, {
        status: 'FAILED',
        stopDate: Date.now(),
        error: 'States.Runtime',
        cause: `local runtime: ${error.message}`,
      });
    });
    return { executionArn, startDate: seconds(execution.startDate) };
  }

  describeExecution({ executionArn }: { executionArn: string }) {
    const e = this.#execution(executionArn);
    return {
      ...summary(e),
      input: e.input,
      inputDetails: { included: true },
      ...(e.output !== undefined ? { output: e.output, outputDetails: { included: true } } : {}),
      ...(e.error !== undefined ? { error: e.error } : {}),
      ...(e.cause !== undefined ? { cause: e.cause } : {}),
    };
  }

  listExecutions({
    stateMachineArn,
    statusFilter,
    maxResults,
    nextToken,
  }: {
    stateMachineArn: string;
    statusFilter?: ExecutionStatus;
    maxResults?: number;
    nextToken?: string;
  }) {
    this.#machine(stateMachineArn);
    const matching = [...this.#executions.values()]
      .filter((e) => e.stateMachineArn === stateMachineArn && (statusFilter === undefined || e.status === statusFilter))
      .sort((a, b) => b.startDate - a.startDate);
    const { items, nextToken: next } = page(matching, maxResults, nextToken);
    return {
      executions: items.map(summary),
      ...(next ? { nextToken: next } : {}),
    };
  }

  getExecutionHistory({
    executionArn,
    maxResults,
    nextToken,
    reverseOrder,
  }: {
    executionArn: string;
    maxResults?: number;
    nextToken?: string;
    reverseOrder?: boolean;
  }) {
    const events = [...this.#execution(executionArn).events];
    if (reverseOrder) events.reverse();
    const { items, nextToken: next } = page(events, maxResults, nextToken);
    return { events: items, ...(next ? { nextToken: next } : {}) };
  }

  sendTaskSuccess({ taskToken, output }: { taskToken: string; output: string }) {
    const waiter = this.#waiter(taskToken);
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new StepFunctionsApiError('InvalidOutput', 'Invalid output: not JSON');
    }
    this.#waiters.delete(taskToken);
    waiter.cancel?.();
    this.#hold(this.#execution(waiter.executionArn).pendingAnswers, waiter.stateName, {
      type: 'TaskSucceeded',
      timestamp: Date.now(),
      task: { resource: waiter.stateName, output: parsed },
    });
    waiter.resolve(parsed);
    return {};
  }

  sendTaskFailure({ taskToken, error, cause }: { taskToken: string; error?: string; cause?: string }) {
    const waiter = this.#waiter(taskToken);
    this.#waiters.delete(taskToken);
    waiter.cancel?.();
    // The interpreter records the state's failure (TaskFailed) with this error and cause.
    waiter.reject(Object.assign(new Error(cause ?? ''), { name: error ?? 'TaskFailed' }));
    return {};
  }

  sendTaskHeartbeat({ taskToken }: { taskToken: string }) {
    this.#waiter(taskToken);
    return {};
  }

  stopExecution({ executionArn, error, cause }: { executionArn: string; error?: string; cause?: string }) {
    const execution = this.#execution(executionArn);
    if (execution.status === 'RUNNING') {
      execution.aborted = { ...(error ? { error } : {}), ...(cause ? { cause } : {}) };
      execution.abort();
    }
    return { stopDate: seconds(execution.stopDate ?? Date.now()) };
  }

  /** Stops every running execution (the local stack is shutting down). */
  close(): void {
    for (const execution of this.#executions.values()) {
      if (execution.status === 'RUNNING') execution.abort();
      this.#wake(execution);
    }
    for (const [token, waiter] of this.#waiters) this.#release(token, waiter);
    this.#deadlines?.close();
  }

  #taskRuntime(executionArn: string, timeouts: Map<string, TaskTimeout>) {
    return {
      invoke: (functionName: string, payload: unknown) => this.#options.invoke(functionName, payload),
      awaitToken: (stateName: string, input: unknown) => {
        const token = Buffer.from(`${randomUUID()}:${executionArn}`).toString('base64url');
        const waiter: Waiter = {
          executionArn,
          stateName,
          issuedAt: Date.now(),
          resolve: () => undefined,
          reject: () => undefined,
        };
        // The executor runs at once: the waiter settles the answer from here on.
        const answer = new Promise<unknown>((resolve, reject) => {
          waiter.resolve = resolve;
          waiter.reject = reject;
        });
        this.#waiters.set(token, waiter);
        const seconds = timeoutSeconds(timeouts.get(stateName), input);
        if (this.#deadlines && seconds !== undefined) {
          // What the interpreter's own timer does at its deadline: the state fails with States.Timeout.
          waiter.cancel = this.#deadlines.after(seconds, () => {
            if (this.#waiters.get(token) !== waiter) return;
            this.#waiters.delete(token);
            waiter.reject(Object.assign(new Error('States.Timeout'), { name: 'States.Timeout' }));
          });
        }
        // A wait the interpreter has already given up on (its deadline passed) may still be answered: nobody listens then.
        answer.catch(() => undefined);
        const execution = this.#executions.get(executionArn);
        const submitted: InterpreterEvent = {
          type: 'TaskSubmitted',
          timestamp: Date.now(),
          task: { resource: stateName, token },
        };
        if (execution?.entered === stateName) this.#record(execution, submitted);
        else if (execution) this.#hold(execution.pendingSubmits, stateName, submitted);
        return { token, answer };
      },
    };
  }

  /**
   * A Wait state on the policy clock: its input back once policy time has passed its seconds (at
   * the pace of its start, whatever the pace becomes), as the interpreter's Wait would.
   */
  #sleep(execution: Execution, wait: TaskTimeout, input: unknown): Promise<unknown> {
    const seconds = timeoutSeconds(wait, input, 0);
    if (seconds === undefined)
      return Promise.reject(
        Object.assign(new Error("the Wait state's seconds are not a number of seconds"), { name: 'States.Runtime' }),
      );
    if (seconds === 0 || this.#deadlines === undefined) return Promise.resolve(input);
    const deadlines = this.#deadlines;
    return new Promise((resolve, reject) => {
      const stop = (error: Error): void => {
        cancel();
        reject(error);
      };
      const cancel = deadlines.after(seconds, () => {
        execution.sleepers.delete(stop);
        resolve(input);
      });
      execution.sleepers.add(stop);
    });
  }

  /** Ends the Waits an execution sleeps in (it stopped, or the runtime is closing): nothing holds a timer then. */
  #wake(execution: Execution): void {
    for (const stop of execution.sleepers)
      stop(
        Object.assign(new Error('the execution stopped'), {
          name: 'States.Runtime',
          isRetryable: false,
          isCatchable: false,
        }),
      );
    execution.sleepers.clear();
  }

  async #follow(execution: Execution, logs: AsyncIterable<InterpreterEvent>): Promise<void> {
    for await (const event of logs) {
      // A Wait the runtime runs as a Task on the policy clock is a Wait in the history, as in AWS.
      if (event.state && event.state.type === 'Task' && execution.waitStates.has(event.state.name))
        event.state = { ...event.state, type: 'Wait' };
      if (event.type === 'ExecutionAborted' && execution.aborted)
        Object.assign(event, { Error: execution.aborted.error, Cause: execution.aborted.cause });
      const name = event.state?.name ?? '';
      if (event.type === 'StateExited' || event.type === 'StateFailed' || event.type.startsWith('Execution')) {
        // A token's answer comes before its state's exit (for an end: whatever is left).
        for (const held of event.type.startsWith('Execution') ? [...execution.pendingAnswers.keys()] : [name])
          this.#flush(execution, execution.pendingAnswers, held);
        execution.entered = undefined;
      }
      this.#record(execution, event);
      if (event.type === 'StateEntered') {
        execution.entered = name;
        this.#flush(execution, execution.pendingSubmits, name);
      }
      // A wait that failed (its deadline passed) no longer takes answers: SendTaskSuccess then says TaskTimedOut, as in AWS.
      if (event.type === 'StateFailed' && event.state)
        this.#dropWaiters(execution.executionArn, event.state.name, event.timestamp);
      const ends: Record<string, ExecutionStatus> = {
        ExecutionSucceeded: 'SUCCEEDED',
        ExecutionFailed: 'FAILED',
        ExecutionAborted: 'ABORTED',
        ExecutionTimeout: 'TIMED_OUT',
      };
      const status = ends[event.type];
      if (status) {
        Object.assign(execution, { status, stopDate: event.timestamp });
        if (status === 'SUCCEEDED') execution.output = JSON.stringify(event.output ?? null);
        if (status === 'FAILED') Object.assign(execution, { error: event.Error, cause: event.Cause });
        if (status === 'ABORTED')
          Object.assign(execution, { error: execution.aborted?.error, cause: execution.aborted?.cause });
        this.#dropWaiters(execution.executionArn);
        this.#wake(execution);
      }
    }
  }

  #hold(pending: Map<string, InterpreterEvent[]>, stateName: string, event: InterpreterEvent): void {
    pending.set(stateName, [...(pending.get(stateName) ?? []), event]);
  }

  #flush(execution: Execution, pending: Map<string, InterpreterEvent[]>, stateName: string): void {
    for (const event of pending.get(stateName) ?? []) this.#record(execution, event);
    pending.delete(stateName);
  }

  #record(execution: Execution, event: InterpreterEvent): void {
    const mapped = historyDetails(event);
    if (mapped === undefined) return;
    const id = execution.events.length + 1;
    execution.events.push({
      id,
      previousEventId: id - 1,
      timestamp: seconds(event.timestamp),
      type: mapped.type,
      ...mapped.details,
    });
  }

  /**
   * Strictly before: a Catch that leads back into the same state (a step handed over) issues the
   * new entry's token in the very millisecond the failure was dispatched, and that token lives on.
   * The failed entry's own token was issued a Lambda invocation earlier at least.
   */
  #dropWaiters(executionArn: string, stateName?: string, before = Infinity): void {
    for (const [token, waiter] of this.#waiters) {
      if (
        waiter.executionArn === executionArn &&
        (stateName === undefined || waiter.stateName === stateName) &&
        waiter.issuedAt < before
      )
        this.#release(token, waiter);
    }
  }

  /**
   * Forgets a wait and settles it. A task waiting on its token holds the interpreter's timeout
   * timer (up to days of real time): left unsettled after a StopExecution, that timer kept the
   * process alive after Ctrl-C. The error is neither retried nor caught, so an aborted execution
   * runs nothing more (a Retry or Catch would invoke the next Lambda); the interpreter has
   * stopped listening by then, for a stopped execution and for a wait that timed out alike.
   */
  #release(token: string, waiter: Waiter): void {
    this.#waiters.delete(token);
    waiter.cancel?.();
    waiter.reject(
      Object.assign(new Error('the wait ended: its execution stopped or its deadline passed'), {
        name: 'States.Runtime',
        isRetryable: false,
        isCatchable: false,
      }),
    );
  }

  #machine(stateMachineArn: string): RegisteredMachine {
    const machine = this.#machines.get(stateMachineArn);
    if (machine === undefined)
      throw new StepFunctionsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    return machine;
  }

  #execution(executionArn: string): Execution {
    const execution = this.#executions.get(executionArn);
    if (execution === undefined)
      throw new StepFunctionsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  #waiter(taskToken: string): Waiter {
    const waiter = this.#waiters.get(taskToken);
    if (waiter !== undefined) return waiter;
    // A well-formed token of a known execution has timed out or been answered; anything else was never issued.
    const executionArn = Buffer.from(taskToken ?? '', 'base64url')
      .toString()
      .split(':')
      .slice(1)
      .join(':');
    if (this.#executions.has(executionArn)) throw new StepFunctionsApiError('TaskTimedOut', 'Task Timed Out');
    throw new StepFunctionsApiError('TaskDoesNotExist', 'Task does not exist');
  }
}
