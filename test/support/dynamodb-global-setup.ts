import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { endWithParent } from '../../infra/local/exit-with-parent.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

/**
 * One DynamoDB Local for the whole run; each test file makes its own tables on it. Its JVM ends
 * with the run whether the run passes, fails or is interrupted (startDynamoDbLocal ties it to
 * this process: on exit, and by a watchdog if this process is killed). The run itself ends when
 * whatever started it ends (`npm test` stopped by a SIGTERM to npm leaves vitest orphaned under
 * `sh -c` otherwise): endWithParent.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stopWatching = endWithParent();
  const server = await startDynamoDbLocal();
  project.provide('dynamoDbEndpoint', server.endpoint);
  return async () => {
    stopWatching();
    await server.stop();
  };
}
