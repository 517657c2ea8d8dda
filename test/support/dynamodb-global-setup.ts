import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

/**
 * One DynamoDB Local for the whole run; each test file makes its own tables on it. Its JVM ends
 * with the run whether the run passes, fails or is interrupted (startDynamoDbLocal ties it to
 * this process: on exit, and by a watchdog if this process is killed).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startDynamoDbLocal();
  project.provide('dynamoDbEndpoint', server.endpoint);
  return () => server.stop();
}
