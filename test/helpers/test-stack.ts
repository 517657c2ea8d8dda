import { expect } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../infra/local/local-stack.ts';
import { scratchDir } from './run-cli.ts';

export type StackPorts = Required<NonNullable<LocalStackOptions['ports']>>;

/** A free port for each server of a local stack: a developer's own stack may hold the defaults. */
export async function freeStackPorts(): Promise<StackPorts> {
  return {
    api: await freePort(),
    dynamodb: await freePort(),
    ses: await freePort(),
    stepFunctions: await freePort(),
    s3: await freePort(),
  };
}

/**
 * The local stack as `npm start -- --clean` runs it, on free ports in a folder of its own: empty
 * tables, no sample chain, no schedules, one scan segment, unless `options` says otherwise.
 */
export async function startTestStack(options: Partial<LocalStackOptions> = {}): Promise<LocalStack> {
  return startLocalStack({
    dataDir: await scratchDir(),
    clean: true,
    ports: await freeStackPorts(),
    sample: false,
    schedules: false,
    scanSegments: 1,
    ...options,
  });
}

/** Posts JSON to the stack's API, as the member system sends its customers and events; expects it taken. */
export async function postToApi(stack: LocalStack, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${stack.urls.api}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** Policy time on the stack's clock, as its ops page reads it (epoch ms). */
export async function policyTimeOf(stack: LocalStack): Promise<number> {
  return ((await (await fetch(`${stack.urls.api}/ops/clock`)).json()) as { now: number }).now;
}
