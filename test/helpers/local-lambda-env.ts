import { inject } from 'vitest';
import { type TableNames, tableEnvironment } from '#shared/adapters/table-specs.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamodb-local.ts';

/**
 * What reaches the run's DynamoDB Local through the SDK's own settings: its endpoint, region and
 * keys, as a user's shell would set them for the CLI.
 */
export function localDynamoDbEnvironment(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  };
}

/**
 * The environment a deployed handler gets, pointed at the run's DynamoDB Local through the SDK's
 * own endpoint variable. Set before the handler module is imported: it reads them once. The log
 * level is the test run's (silent: vitest.config.ts).
 */
export function useLocalLambdaEnvironment(names: TableNames): void {
  Object.assign(process.env, {
    ...tableEnvironment(names),
    ...localDynamoDbEnvironment(),
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
  });
}
