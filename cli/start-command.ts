import { TZDate } from '@date-fns/tz';
import { isPresetName, presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { momentInWords } from '#shared/time/staff-time.ts';
import { paceProblem } from '../infra/local/local-clock.ts';
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
  /** Policy time at which the stack stops by itself (a date is its start, in the policy's zone). */
  until?: string;
}

const whole = (value: string, flag: string, min = 0): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min)
    throw new UsageError(`${flag}: expected a whole number from ${min}, got "${value}"`);
  return number;
};

/** --until as epoch ms: an instant with its offset, or a date (its 00:00 in the policy's zone). */
export function parseUntil(value: string, timeZone: string): number {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = day
    ? new TZDate(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 0, 0, 0, timeZone).getTime()
    : /[T ]\d{2}:\d{2}.*(Z|[+-]\d{2}:?\d{2})$/.test(value)
      ? Date.parse(value)
      : Number.NaN;
  if (!Number.isFinite(ms))
    throw new UsageError(
      `--until: expected a date (2027-01-31, its 00:00 in ${timeZone}) or an instant with its offset (2027-01-31T18:00+08:00), got "${value}"`,
    );
  return ms;
}

/**
 * Resolves when policy time reaches `until`: checked at least every second of real time, and just
 * when it is due at the pace of the moment (a pace changed on the ops page is followed).
 */
function policyTimeReaches(
  until: number,
  read: () => { now: number; scale: number },
): { reached: Promise<void>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const reached = new Promise<void>((resolve) => {
    const check = () => {
      if (cancelled) return;
      const { now, scale } = read();
      if (now >= until) return resolve();
      timer = setTimeout(check, Math.max(10, Math.min(1000, (until - now) / scale)));
    };
    check();
  });
  return {
    reached,
    cancel: () => {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}

/**
 * `npm start`: the whole system on this machine (see infra/local/local-stack.ts), until Ctrl-C.
 * Loaded on demand: the other commands never load the CDK app or the local servers.
 */
export async function startCommand(options: StartOptions, log: (line: string) => void): Promise<void> {
  const timeScale = Number(options.timeScale);
  const paceRefused = paceProblem(timeScale);
  if (paceRefused)
    throw new UsageError(`--time-scale: ${paceRefused} ("${options.timeScale}"; 86400 = a day a second)`);
  const ports = {
    api: whole(options.apiPort, '--api-port'),
    dynamodb: whole(options.dynamodbPort, '--dynamodb-port'),
    ses: whole(options.sesPort, '--ses-port'),
    stepFunctions: whole(options.stepFunctionsPort, '--step-functions-port'),
    s3: whole(options.s3Port, '--s3-port'),
  };
  const { startLocalStack, LOCAL_REPORTS_BUCKET } = await import('../infra/local/local-stack.ts');
  const policy = isPresetName(options.policy) ? options.policy : await loadPolicyOption(options.policy);
  const timeZone = (typeof policy === 'string' ? presetPolicy(policy) : policy).timeZone;
  const until = options.until === undefined ? undefined : parseUntil(options.until, timeZone);
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
      // Policy time runs at the chosen pace once the stack is up: a start-up of a minute at a day a
      // second would run two months ahead before anyone looked (and past an --until).
      timeScale: 1,
      sample: options.sample
        ? { customers: whole(options.customers, '--customers', 1), seed: whole(options.seed, '--seed') }
        : false,
      schedules: options.schedules,
      logLevel: options.logLevel,
      log,
    });
  } catch (error) {
    if (error instanceof PortInUseError) throw new UsageError(error.message);
    throw error;
  }
  const { urls, stateMachines, clock } = stack;
  if (timeScale !== 1) await clock.setPace(timeScale);
  const inWords = (ms: number) => momentInWords(ms, timeZone).zh;
  if (until !== undefined && clock.read().now >= until) {
    await stack.stop();
    throw new UsageError(
      `--until: policy time in ${options.dataDir} is already ${inWords(clock.read().now)}, past ${inWords(until)} (--clean starts from today)`,
    );
  }
  log(`
Winback is running locally (policy ${typeof policy === 'string' ? policy : policy.version}, policy time ×${clock.read().scale}):
  mailbox (emails and their links)   ${urls.mailbox}
  ops page (what is stuck, cases)    ${urls.ops}
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
(any access key works; region ap-southeast-1). Scan now: npx winback scan. Load an export: npx winback import FILE.
Reports go out on their schedules (weekly on Mondays, monthly on the 1st, quarterly); npx winback report KIND --period ... builds one now.
Ctrl-C stops everything; the data stays in ${options.dataDir} (--clean starts afresh).${
    until === undefined
      ? ''
      : `
Stops by itself when policy time reaches ${inWords(until)} (--until).`
  }`);
  const ceiling = until === undefined ? undefined : policyTimeReaches(until, () => clock.read());
  // npm runs this process with exec (package.json), so Ctrl-C and a signal to npm reach it; a parent
  // that dies without passing a signal on (killed outright) leaves it orphaned: it stops then too.
  const parent = process.ppid;
  let orphaned: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    const shutdown = (why: string) => () => {
      log(`\n${why}stopping...`);
      resolve();
    };
    process.once('SIGINT', shutdown(''));
    process.once('SIGTERM', shutdown(''));
    process.once('SIGHUP', shutdown(''));
    ceiling?.reached.then(shutdown(`policy time reached ${inWords(until ?? 0)} (--until): `));
    orphaned = setInterval(
      () => (process.ppid !== parent ? shutdown('the process that started this one has gone: ')() : undefined),
      1000,
    );
  });
  ceiling?.cancel();
  clearInterval(orphaned);
  await stack.stop();
  log('stopped.');
}
