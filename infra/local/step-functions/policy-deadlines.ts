import { taskStates } from './task-integrations.ts';

/** The policy clock the deadlines run on: policy time now, and its pace (policy seconds a second). */
export type PolicyClock = () => { now: number; scale: number };

/**
 * The longest timer Node keeps (2^31 - 1 ms, about 24.8 days): a longer one fires at once. The
 * interpreter's own timeout of a wait whose deadline the runtime keeps is set to this, a backstop
 * the policy deadline always reaches first unless a wait runs 24.8 days of real time.
 */
export const INTERPRETER_BACKSTOP_SECONDS = 2_147_483;

const WAITS_ON_TOKEN = /^arn:aws[a-z-]*:states:::lambda:invoke\.waitForTaskToken$/;

/** How a waiting task's timeout is given in the definition: fixed seconds, or a path into its Parameters. */
export type TaskTimeout = { seconds: number } | { path: string };

/** What a Wait state run on the policy clock is in the interpreter's copy: a Task the runtime answers. */
export const POLICY_WAIT_RESOURCE = 'arn:aws:states:::local:policy-wait';

interface TimedState {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Seconds?: number;
  SecondsPath?: string;
  Retry?: Array<{ ErrorEquals: string[]; MaxAttempts?: number }>;
}

/**
 * The timeout the runtime raises is named States.Timeout, but it is not the interpreter's own
 * (unexported) error class, which is how the interpreter keeps States.TaskFailed from matching a
 * timeout, as AWS does. A retrier for States.TaskFailed (the case workflow's guard) would retry
 * it: a retrier that takes States.Timeout and retries nothing goes just before it, which is what
 * AWS does with a timeout there. (No Catch in the workflows names States.TaskFailed.)
 */
function keepTaskFailedRetriesOffTimeouts(state: TimedState): void {
  const retry = state.Retry ?? [];
  const first = retry.findIndex((retrier) => retrier.ErrorEquals.includes('States.TaskFailed'));
  const earlier = retry
    .slice(0, first)
    .some((retrier) => retrier.ErrorEquals.some((error) => error === 'States.Timeout' || error === 'States.ALL'));
  if (first >= 0 && !earlier && !retry[first]?.ErrorEquals.includes('States.Timeout'))
    retry.splice(first, 0, { ErrorEquals: ['States.Timeout'], MaxAttempts: 0 });
}

/**
 * The definition the interpreter runs when the runtime keeps the deadlines of the waits on a task
 * token in policy time: each such Task's timeout taken out (the interpreter's timer counts real
 * seconds at the pace the wait started with, so a pace changed afterwards never reached it) and
 * kept here, with a backstop in its place. Everything else is the synthesized definition as it is.
 */
export function withPolicyDeadlines(definition: Record<string, unknown>): {
  definition: Record<string, unknown>;
  timeouts: Map<string, TaskTimeout>;
  waits: Map<string, TaskTimeout>;
} {
  const copy = structuredClone(definition) as { States: Record<string, TimedState> };
  const timeouts = new Map<string, TaskTimeout>();
  const waits = policyWaits(copy.States);
  for (const [name, state] of taskStates(copy.States as never) as Array<[string, TimedState]>) {
    if (!WAITS_ON_TOKEN.test(state.Resource ?? '')) continue;
    if (state.TimeoutSecondsPath !== undefined) timeouts.set(name, { path: state.TimeoutSecondsPath });
    else if (state.TimeoutSeconds !== undefined) timeouts.set(name, { seconds: state.TimeoutSeconds });
    else continue;
    delete state.TimeoutSecondsPath;
    state.TimeoutSeconds = INTERPRETER_BACKSTOP_SECONDS;
    keepTaskFailedRetriesOffTimeouts(state);
  }
  return { definition: copy as unknown as Record<string, unknown>, timeouts, waits };
}

/**
 * Each Wait state that waits a number of seconds (Seconds, SecondsPath), turned into a Task the
 * runtime answers once policy time has passed them (its Wait type kept in the history), so that
 * a pace set afterwards applies to it too; the interpreter would sleep real seconds. A Wait until
 * a Timestamp is left to the interpreter. Input and output pass through as a Wait's do.
 */
function policyWaits(states: Record<string, TimedState>): Map<string, TaskTimeout> {
  const waits = new Map<string, TaskTimeout>();
  for (const [name, state] of Object.entries(states)) {
    for (const nested of [
      (state as { ItemProcessor?: { States: Record<string, TimedState> } }).ItemProcessor,
      (state as { Iterator?: { States: Record<string, TimedState> } }).Iterator,
      ...((state as { Branches?: Array<{ States: Record<string, TimedState> }> }).Branches ?? []),
    ]) {
      if (nested) for (const [inner, wait] of policyWaits(nested.States)) waits.set(inner, wait);
    }
    if (state.Type !== 'Wait' || (state.Seconds === undefined && state.SecondsPath === undefined)) continue;
    waits.set(
      name,
      state.SecondsPath !== undefined ? { path: state.SecondsPath } : { seconds: state.Seconds as number },
    );
    const { Seconds: _seconds, SecondsPath: _path, ...rest } = state;
    states[name] = {
      ...rest,
      Type: 'Task',
      Resource: POLICY_WAIT_RESOURCE,
      TimeoutSeconds: INTERPRETER_BACKSTOP_SECONDS,
    };
  }
  return waits;
}

/** A reference path such as $.wait.seconds, read from a state's effective input. */
export function readPath(input: unknown, path: string): unknown {
  if (path === '$') return input;
  if (!path.startsWith('$.')) return undefined;
  return path
    .slice(2)
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
      input,
    );
}

/** The seconds a waiting task's timeout gives, for this input; undefined when it gives none. */
export function timeoutSeconds(timeout: TaskTimeout | undefined, input: unknown, least = 1): number | undefined {
  if (timeout === undefined) return undefined;
  const seconds = 'seconds' in timeout ? timeout.seconds : Number(readPath(input, timeout.path));
  return Number.isFinite(seconds) && seconds >= least ? seconds : undefined;
}

/**
 * Deadlines in policy time. A wait's seconds were computed from its policy deadline at the pace of
 * the moment it started (shared/time/time-scale.ts, workflowSecondsUntil), so that deadline is
 * now + seconds x pace; it fires when the policy clock reaches it, whatever the pace has become:
 * a pace set afterwards speeds up or slows down the waits already running too.
 */
export class PolicyDeadlines {
  readonly #clock: PolicyClock;
  readonly #tickMs: number;
  readonly #pending = new Set<{ due: number; fire: () => void }>();
  #timer: NodeJS.Timeout | undefined;

  constructor(clock: PolicyClock, tickMs = 200) {
    this.#clock = clock;
    this.#tickMs = tickMs;
  }

  /** Calls `fire` once policy time has passed `seconds` at the current pace from now; the result cancels it. */
  after(seconds: number, fire: () => void): () => void {
    const { now, scale } = this.#clock();
    const entry = { due: now + seconds * scale * 1000, fire };
    this.#pending.add(entry);
    this.#timer ??= setInterval(() => this.#tick(), this.#tickMs);
    // The servers keep a running stack alive; pending deadlines alone never hold a process open.
    this.#timer.unref();
    return () => this.#forget(entry);
  }

  close(): void {
    this.#pending.clear();
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #tick(): void {
    const { now } = this.#clock();
    for (const entry of [...this.#pending]) {
      if (entry.due > now) continue;
      this.#forget(entry);
      entry.fire();
    }
  }

  #forget(entry: { due: number; fire: () => void }): void {
    this.#pending.delete(entry);
    if (this.#pending.size === 0) this.close();
  }
}
