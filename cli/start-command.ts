import { isPresetName } from '#shared/policy/presets/preset-catalog.ts';
import { loadPolicyOption } from './policy-option.ts';
import { UsageError } from './usage-error.ts';

export interface StartOptions {
  dataDir: string;
  clean?: boolean;
  customers: string;
  seed: string;
  sample: boolean;
  timeScale: string;
  policy: string;
  host: string;
  apiPort: string;
  dynamodbPort: string;
  sesPort: string;
  stepFunctionsPort: string;
  s3Port: string;
  schedules: boolean;
  logLevel: string;
}

const whole = (value: string, flag: string, min = 0): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) throw new UsageError(`${flag}: expected a whole number from ${min}, got "${value}"`);
  return number;
};

/**
 * `npm start`: the whole system on this machine (see infra/local/local-stack.ts), until Ctrl-C.
 * Loaded on demand: the other commands never load the CDK app or the local servers.
 */
export async function startCommand(options: StartOptions, log: (line: string) => void): Promise<void> {
  const timeScale = Number(options.timeScale);
  if (!Number.isFinite(timeScale) || timeScale <= 0) throw new UsageError(`--time-scale: expected a positive number (86400 = a day a second), got "${options.timeScale}"`);
  const ports = {
    api: whole(options.apiPort, '--api-port'),
    dynamodb: whole(options.dynamodbPort, '--dynamodb-port'),
    ses: whole(options.sesPort, '--ses-port'),
    stepFunctions: whole(options.stepFunctionsPort, '--step-functions-port'),
    s3: whole(options.s3Port, '--s3-port'),
  };
  const { startLocalStack, LOCAL_REPORTS_BUCKET } = await import('../infra/local/local-stack.ts');
  const policy = isPresetName(options.policy) ? options.policy : await loadPolicyOption(options.policy);
  const { PortInUseError } = await import('../infra/local/ports.ts');
  log(`starting the local stack (data in ${options.dataDir}${options.clean ? ', starting clean' : ''})...`);
  let stack: Awaited<ReturnType<typeof startLocalStack>>;
  try {
    stack = await startLocalStack({
      dataDir: options.dataDir,
      clean: options.clean ?? false,
      host: options.host,
      ports,
      policy,
      timeScale,
      sample: options.sample ? { customers: whole(options.customers, '--customers', 1), seed: whole(options.seed, '--seed') } : false,
      schedules: options.schedules,
      logLevel: options.logLevel,
      log,
    });
  } catch (error) {
    if (error instanceof PortInUseError) throw new UsageError(error.message);
    throw error;
  }
  const { urls, stateMachines, clock } = stack;
  log(`
Winback is running locally (policy ${typeof policy === 'string' ? policy : policy.version}, policy time ×${clock.read().scale}):
  mailbox (emails and their links)   ${urls.mailbox}
  ops page (cases, alerts, breaches) ${urls.ops}
  API (POST /v1/events, /v1/customers; link pages /c/...)  ${urls.api}
  DynamoDB                           ${urls.dynamodb}
  Step Functions                     ${urls.stepFunctions}
  SES                                ${urls.ses}
  S3 (reports, bucket ${LOCAL_REPORTS_BUCKET})   ${urls.s3}
  case state machine                 ${stateMachines.case}
  scan state machine                 ${stateMachines.scan}

With the AWS CLI:  aws stepfunctions list-executions --endpoint-url ${urls.stepFunctions} --state-machine-arn ${stateMachines.case}
                   aws dynamodb scan --endpoint-url ${urls.dynamodb} --table-name ${stack.tables.alerts} --max-items 5
                   aws s3 ls --endpoint-url ${urls.s3} s3://${LOCAL_REPORTS_BUCKET}/reports/ --recursive
(any access key works; region ap-east-1). Scan now: npx winback scan. Load an export: npx winback import FILE.
Reports go out on their schedules (weekly on Mondays, monthly on the 1st, quarterly); npx winback report KIND --period ... builds one now.
Ctrl-C stops everything; the data stays in ${options.dataDir} (--clean starts afresh).`);
  await new Promise<void>((resolve) => {
    const shutdown = () => {
      log('\nstopping...');
      resolve();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  await stack.stop();
  log('stopped.');
}
