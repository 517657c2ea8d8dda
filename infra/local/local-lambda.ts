import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { SynthesizedFunction } from './synthesized-stack.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Test only: what a loaded machine does to an invocation, asked once per invocation. The handler
 * starts `lagMs` late, and the invocation times out after `timeoutSeconds` (counted from the call,
 * as Lambda counts it) instead of the function's own: a first start on a busy 2-core machine,
 * where the ingestion function ran past its timeout, in a second rather than in 30.
 */
export type Contention = (fn: SynthesizedFunction) => { lagMs: number; timeoutSeconds: number } | undefined;

/** A handler's error as Lambda reports it: its name is the errorType Step Functions matches on. */
export class LambdaFunctionError extends Error {
  constructor(errorType: string, message: string) {
    super(message);
    this.name = errorType;
  }
}

/**
 * Runs the stack's functions in this process, each by its handler module, as Lambda would: one
 * invocation at a time in a sandbox, a module instance whose clients and environment were read at
 * load (a cold start), reused warm by the next invocation; concurrent invocations get sandboxes of
 * their own. One shared instance made eight scan segments, or dozens of case steps, share one SDK
 * client and its 50 sockets (the @smithy "socket usage at capacity" warnings of every start),
 * where in AWS each has its own. Each invocation gets a context with the function's own timeout,
 * and fails with Lambda's timeout error when it runs past it.
 */
export class LocalLambda {
  readonly #functions: Map<string, SynthesizedFunction>;
  /** Warm sandboxes waiting for an invocation, and how many each function has had. */
  readonly #idle = new Map<string, Handler[]>();
  readonly #sandboxes = new Map<string, number>();
  readonly #functionsDir: URL;
  readonly #contention: Contention | undefined;

  constructor(
    functions: readonly SynthesizedFunction[],
    functionsDir = new URL('../../functions/', import.meta.url),
    contention?: Contention,
  ) {
    this.#functions = new Map(functions.map((fn) => [fn.logicalId, fn]));
    this.#functionsDir = functionsDir;
    this.#contention = contention;
  }

  /** The function a name or ARN stands for (the last part of an ARN is the function's logical id). */
  resolve(nameOrArn: string): SynthesizedFunction {
    const name = nameOrArn.split(':').at(-1) ?? nameOrArn;
    const fn = this.#functions.get(name);
    if (fn === undefined)
      throw new LambdaFunctionError('ResourceNotFoundException', `Function not found: ${nameOrArn}`);
    return fn;
  }

  async invoke(nameOrArn: string, event: unknown): Promise<unknown> {
    const fn = this.resolve(nameOrArn);
    const handler = await this.#sandbox(fn);
    const release = () => {
      const idle = this.#idle.get(fn.logicalId) ?? [];
      idle.push(handler);
      this.#idle.set(fn.logicalId, idle);
    };
    const load = this.#contention?.(fn);
    const timeoutSeconds = load?.timeoutSeconds ?? fn.timeoutSeconds;
    const deadline = Date.now() + timeoutSeconds * 1000;
    const context = {
      functionName: fn.logicalId,
      functionVersion: '$LATEST',
      awsRequestId: randomUUID(),
      memoryLimitInMB: '512',
      invokedFunctionArn: nameOrArn,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    } as unknown as Context;
    // Lambda ends an invocation at its timeout; here the handler cannot be killed, but its caller
    // gets the timeout error Lambda reports, and goes on as it would in AWS (a retry, a Catch).
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new LambdaFunctionError('Sandbox.Timedout', `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`),
          ),
        timeoutSeconds * 1000,
      );
      timer.unref();
    });
    try {
      // Free again once the handler has finished, even past its timeout (it cannot be stopped).
      const input = structuredClone(event);
      const running = load
        ? new Promise((started) => setTimeout(started, load.lagMs)).then(() => handler(input, context))
        : handler(input, context);
      running.then(release, release);
      return await Promise.race([running, timedOut]);
    } catch (error) {
      if (error instanceof LambdaFunctionError) throw error;
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      throw new LambdaFunctionError(name, message);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A warm sandbox of the function, or a new one: its module loaded afresh (a URL of its own is a new module instance). */
  async #sandbox(fn: SynthesizedFunction): Promise<Handler> {
    const warm = this.#idle.get(fn.logicalId)?.pop();
    if (warm) return warm;
    const count = (this.#sandboxes.get(fn.logicalId) ?? 0) + 1;
    this.#sandboxes.set(fn.logicalId, count);
    const url = new URL(fn.handlerModule, this.#functionsDir);
    if (count > 1) url.search = `sandbox=${count}`;
    const module = (await import(url.href)) as { handler?: Handler };
    if (typeof module.handler !== 'function') throw new Error(`functions/${fn.handlerModule} exports no handler`);
    return module.handler;
  }
}
