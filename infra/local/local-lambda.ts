import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { SynthesizedFunction } from './synthesized-stack.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** A handler's error as Lambda reports it: its name is the errorType Step Functions matches on. */
export class LambdaFunctionError extends Error {
  constructor(errorType: string, message: string) {
    super(message);
    this.name = errorType;
  }
}

/**
 * Runs the stack's functions in this process, each by its handler module, as Lambda would: the
 * module is loaded once (its clients and environment read at load, as in a cold start) and each
 * invocation gets a context with the function's own timeout, and fails with Lambda's timeout error
 * when it runs past it.
 */
export class LocalLambda {
  readonly #functions: Map<string, SynthesizedFunction>;
  readonly #modules = new Map<string, Promise<Handler>>();
  readonly #functionsDir: URL;

  constructor(functions: readonly SynthesizedFunction[], functionsDir = new URL('../../functions/', import.meta.url)) {
    this.#functions = new Map(functions.map((fn) => [fn.logicalId, fn]));
    this.#functionsDir = functionsDir;
  }

  /** The function a name or ARN stands for (the last part of an ARN is the function's logical id). */
  resolve(nameOrArn: string): SynthesizedFunction {
    const name = nameOrArn.split(':').at(-1) ?? nameOrArn;
    const fn = this.#functions.get(name);
    if (fn === undefined) throw new LambdaFunctionError('ResourceNotFoundException', `Function not found: ${nameOrArn}`);
    return fn;
  }

  async invoke(nameOrArn: string, event: unknown): Promise<unknown> {
    const fn = this.resolve(nameOrArn);
    let load = this.#modules.get(fn.logicalId);
    if (load === undefined) {
      load = import(new URL(fn.handlerModule, this.#functionsDir).href).then((module: { handler?: Handler }) => {
        if (typeof module.handler !== 'function') throw new Error(`functions/${fn.handlerModule} exports no handler`);
        return module.handler;
      });
      this.#modules.set(fn.logicalId, load);
    }
    const handler = await load;
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
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
      timer = setTimeout(() => reject(new LambdaFunctionError('Sandbox.Timedout', `Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`)), fn.timeoutSeconds * 1000);
      timer.unref();
    });
    try {
      return await Promise.race([handler(structuredClone(event), context), timedOut]);
    } catch (error) {
      if (error instanceof LambdaFunctionError) throw error;
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      throw new LambdaFunctionError(name, message);
    } finally {
      clearTimeout(timer);
    }
  }
}
