import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { sampleChain } from '#cli/sample/sample-chain.ts';
import { sampleStaff } from '#cli/sample/sample-staff.ts';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { documentClient } from '#shared/adapters/dynamodb/document-client.ts';
import { scanItems } from '#shared/adapters/dynamodb/scan-items.ts';
import { executionResult, startScanRun } from '#shared/adapters/stepfunctions/scan-runs.ts';
import { type TableNames, tableEnvironment } from '#shared/adapters/table-specs.ts';
import type { Policy } from '#shared/policy/policy-schema.ts';
import { DEFAULT_PRESET, presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { createTables, localTableNames } from './create-tables.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION, type LocalDynamoDb, startDynamoDbLocal } from './dynamodb-local.ts';
import { httpApiRequestHandler } from './http-api.ts';
import { moveLegacyLocalEvents } from './legacy-events-table.ts';
import { LocalClock } from './local-clock.ts';
import { LocalLambda } from './local-lambda.ts';
import { startLocalS3 } from './local-s3.ts';
import { runSchedules, type ScheduleRunner } from './local-schedules.ts';
import { startLocalSes } from './local-ses.ts';
import { OpsConsole } from './ops-page.ts';
import { opsRoutes } from './ops-routes.ts';
import { closeServer, ensurePortsFree, listen, type PortRequest } from './ports.ts';
import { loadThroughApi } from './sample-load.ts';
import { LocalStepFunctions } from './step-functions/local-step-functions.ts';
import { stepFunctionsRequestListener } from './step-functions/step-functions-server.ts';
import { SynthesizedStack } from './synthesized-stack.ts';

export interface LocalStackOptions {
  /** Where DynamoDB Local keeps its data, the clock and the link secret; kept across restarts. */
  dataDir: string;
  /** Start with empty tables (the data folder's tables are deleted). */
  clean?: boolean;
  host?: string;
  /** 0 picks a free port. */
  ports?: Partial<Record<'api' | 'dynamodb' | 'ses' | 'stepFunctions' | 's3', number>>;
  /** A preset's name, or a chain's own policy (a validated policy file). */
  policy?: string | Policy;
  /** Policy seconds per real second (86400: a day a second). */
  timeScale?: number;
  /** The sample chain loaded into empty tables (then scanned); false loads none. */
  sample?: { customers: number; seed: number } | false;
  scanSegments?: number;
  /** Run the stack's schedules on the policy clock. */
  schedules?: boolean;
  log?: (line: string) => void;
  /** Powertools log level of the handlers. */
  logLevel?: string;
  /**
   * Test only: ingestion on a loaded machine. The first `invocations` calls of each ingestion
   * function start `lagMs` late and run out of time after `timeoutSeconds` (see Contention in
   * local-lambda.ts), so the API answers them as it answers a function that timed out.
   */
  slowIngestionForTests?: { invocations: number; lagMs: number; timeoutSeconds: number };
}

export interface LocalStack {
  urls: { api: string; ops: string; mailbox: string; ses: string; dynamodb: string; stepFunctions: string; s3: string };
  stateMachines: { case: string; scan: string };
  tables: TableNames;
  clock: LocalClock;
  sfn: SFNClient;
  /** Runs a scan now, as of policy time, and waits for it to finish. */
  scan(kind?: 'daily' | 'monthly' | 'weekly'): Promise<{ status: string; output?: unknown }>;
  stop(): Promise<void>;
}

/** What `winback scan` and `winback import` read to find a running local stack. */
export const STACK_FILE = 'stack.json';

const DEFAULT_PORTS = { api: 3000, dynamodb: 8000, ses: 8005, stepFunctions: 8083, s3: 8006 };
/** The bucket the reports are kept in locally (REPORTS_BUCKET). */
export const LOCAL_REPORTS_BUCKET = 'winback-reports';

/**
 * The whole system on one machine, from the same definitions that deploy to AWS: DynamoDB Local
 * with the stack's tables, a local SES with a mailbox page, a Step Functions endpoint running the
 * synthesized state machines with each Task bound to its handler module, the HTTP routes served by
 * the same handlers, the schedules on a policy clock that can run fast, and an ops page. Handlers
 * find the local servers through the SDK's own endpoint variables (AWS_ENDPOINT_URL_*).
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const host = options.host ?? '127.0.0.1';
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const dataDir = resolve(options.dataDir);
  const chosen = options.policy ?? DEFAULT_PRESET;
  const policy = typeof chosen === 'string' ? presetPolicy(chosen) : chosen;
  const policyName = typeof chosen === 'string' ? chosen : 'file';
  const requests: PortRequest[] = [
    { port: ports.api, what: 'the API, link pages and ops page', flag: '--api-port' },
    { port: ports.dynamodb, what: 'DynamoDB Local', flag: '--dynamodb-port' },
    { port: ports.ses, what: 'the local SES and its mailbox', flag: '--ses-port' },
    { port: ports.stepFunctions, what: 'the local Step Functions endpoint', flag: '--step-functions-port' },
    { port: ports.s3, what: 'the local S3 server (reports)', flag: '--s3-port' },
  ];
  await ensurePortsFree(host, requests);
  if (options.clean) {
    await rm(join(dataDir, 'dynamodb'), { recursive: true, force: true });
    await rm(join(dataDir, 's3'), { recursive: true, force: true });
    await rm(join(dataDir, 'clock.json'), { force: true });
  }
  await mkdir(dataDir, { recursive: true });

  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const dynamodb: LocalDynamoDb = await startDynamoDbLocal({
      port: ports.dynamodb,
      dataDir: join(dataDir, 'dynamodb'),
    });
    cleanups.push(() => dynamodb.stop());
    const ses = await startLocalSes(host, ports.ses);
    cleanups.push(() => ses.stop());
    const sesUrl = ses.url;
    const s3 = await startLocalS3({
      host,
      port: ports.s3,
      directory: join(dataDir, 's3'),
      buckets: [LOCAL_REPORTS_BUCKET],
    });
    cleanups.push(() => s3.stop());

    const apiServer = createServer();
    const sfnServer = createServer();
    const apiUrl = `http://${host}:${await listen(apiServer, host, ports.api)}`;
    cleanups.push(() => closeServer(apiServer));
    const sfnUrl = `http://${host}:${await listen(sfnServer, host, ports.stepFunctions)}`;
    cleanups.push(() => closeServer(sfnServer));

    const synthesized = SynthesizedStack.of(chosen, LOCAL_REGION);
    const tables = localTableNames('winback-');
    // Handler modules load on their first invocation, once the environment below is in place.
    const slow = options.slowIngestionForTests;
    const slowed = new Map<string, number>();
    const lambda = new LocalLambda(synthesized.functions(), undefined, (fn) => {
      if (!slow || !fn.handlerModule.startsWith('ingest-')) return undefined;
      const calls = (slowed.get(fn.logicalId) ?? 0) + 1;
      slowed.set(fn.logicalId, calls);
      return calls <= slow.invocations ? slow : undefined;
    });
    // The policy clock: every handler reads it (below), and the waits of the case workflow keep their deadlines on it.
    const clock = await LocalClock.start({ scale: options.timeScale ?? 1, file: join(dataDir, 'clock.json') });
    cleanups.push(() => clock.save());
    const stepFunctions = new LocalStepFunctions({
      region: LOCAL_REGION,
      invoke: (name, payload) => lambda.invoke(name, payload),
      clock: () => clock.read(),
    });
    const arns = new Map(
      synthesized
        .stateMachines()
        .map((machine) => [machine.logicalId, stepFunctions.createStateMachine(machine.name, machine.definition)]),
    );
    const arnOf = (prefix: string) => [...arns.entries()].find(([id]) => id.startsWith(prefix))?.[1] ?? '';
    const stateMachines = { case: arnOf('Case'), scan: arnOf('Scan') };
    cleanups.push(() => stepFunctions.close());

    // What each deployed function finds in its environment, pointing at the local servers.
    Object.assign(process.env, {
      ...tableEnvironment(tables),
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_SES: sesUrl,
      AWS_ENDPOINT_URL_SFN: sfnUrl,
      AWS_ENDPOINT_URL_S3: s3.url,
      REPORTS_BUCKET: LOCAL_REPORTS_BUCKET,
      WINBACK_POLICY: policyName,
      // A chain's own policy: what the deployed bundles have compiled in.
      ...(typeof chosen === 'string' ? {} : { WINBACK_POLICY_DOCUMENT: JSON.stringify(chosen) }),
      CASE_STATE_MACHINE_ARN: stateMachines.case,
      MAIL_FROM: 'winback@chain.example',
      LINK_BASE_URL: apiUrl,
      LINK_SECRET: await linkSecret(join(dataDir, 'link-secret')),
      // The local clock runs the morning digest's schedule too, as in AWS.
      REMINDERS_IN_DIGEST: 'true',
      // `winback start` always says (--log-level, ERROR by default); a test's stack keeps the run's level.
      POWERTOOLS_LOG_LEVEL: options.logLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
      // No X-Ray daemon here.
      POWERTOOLS_TRACE_ENABLED: 'false',
    });

    const client = new DynamoDBClient({
      endpoint: dynamodb.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const doc = documentClient(client);
    await createTables(client, tables);
    await moveLegacyLocalEvents(client, doc, tables, 'winback-', log);
    const sfn = new SFNClient({ endpoint: sfnUrl, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

    sfnServer.on('request', stepFunctionsRequestListener(stepFunctions));
    const scan = async (kind: 'daily' | 'monthly' | 'weekly' = 'daily') => {
      const { executionArn } = await startScanRun(sfn, stateMachines.scan, {
        kind,
        asOf: clock.read().now,
        totalSegments: options.scanSegments ?? 4,
      });
      const done = await executionResult(sfn, executionArn);
      return {
        status: done.status ?? 'UNKNOWN',
        ...(done.output ? { output: JSON.parse(done.output) as unknown } : {}),
      };
    };
    const ops = new OpsConsole({
      sfn,
      doc,
      tables,
      caseStateMachineArn: stateMachines.case,
      scanStateMachineArn: stateMachines.scan,
      clock: () => clock.read(),
      policyAt: (wall) => clock.policyAt(wall),
      timeZone: policy.timeZone,
      policy,
    });
    const api = httpApiRequestHandler(synthesized.routes(), (functionId, event) => lambda.invoke(functionId, event));
    apiServer.on('request', (request: IncomingMessage, response: ServerResponse) => {
      void (async () => {
        try {
          if (
            await opsRoutes(request, response, ops, {
              setPace: (scale) => clock.setPace(scale),
              scan: () => scan().catch((error: Error) => log(`scan from the ops page: ${error.message}`)),
            })
          )
            return;
          if (await api(request, response)) return;
          response.writeHead(404, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ message: 'Not Found' }));
        } catch (error) {
          // JSON as every other answer of the API, so a sender's parser and its retry both work.
          log(`local API: ${(error as Error).message}`);
          if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ message: 'Internal Server Error' }));
        }
      })();
    });

    const { Count: staffCount } = await doc.send(
      new ScanCommand({ TableName: tables.staff, Select: 'COUNT', Limit: 1 }),
    );
    const { Count: customerCount } = await doc.send(
      new ScanCommand({ TableName: tables.customers, Select: 'COUNT', Limit: 1 }),
    );
    if (customerCount) {
      const open = (
        await scanItems(doc, {
          TableName: tables.customers,
          FilterExpression: 'attribute_exists(openAlert.caseStarted)',
          ProjectionExpression: 'customerId',
        })
      ).length;
      if (open)
        log(
          `note: ${open} case(s) were under way when the stack last stopped; executions live in memory and do not survive a restart (their alerts, audit trails and ledger do). --clean starts afresh.`,
        );
    }
    const sample = options.sample === undefined ? { customers: 2000, seed: 42 } : options.sample;
    const files =
      sample && !customerCount
        ? [...sampleChain({ customers: sample.customers, seed: sample.seed, until: clock.read().now })]
        : [];
    if (!staffCount) {
      const stores = files.length
        ? [...new Set(files.map((file) => file.storeId))].sort()
        : ['STORE-01', 'STORE-02', 'STORE-03'];
      await batchPut(
        doc,
        tables.staff,
        sampleStaff(
          stores,
          Object.values(policy.owners).map((owner) => owner.role),
        ).people,
      );
    }
    if (files.length) {
      log(
        `loading the sample chain (${files.length} customers, seed ${sample ? sample.seed : '-'}) through ${apiUrl}/v1/...`,
      );
      let shown = 0;
      const loaded = await loadThroughApi(apiUrl, files, {
        onProgress: (done, total) => {
          const tenth = Math.floor((done / total) * 10);
          if (tenth > shown) {
            shown = tenth;
            log(`  ${shown * 10}% of ${total} batches`);
          }
        },
        onRetry: (what, waitMs) => log(`  sent again in ${(waitMs / 1000).toFixed(1)} s: ${what}`),
      });
      log(
        `loaded ${loaded.customers} customers and ${loaded.events} events (${loaded.rejected} rejected${loaded.retries ? `, ${loaded.retries} batch(es) sent again` : ''}); scanning...`,
      );
      const scanned = await scan();
      log(`first scan: ${scanned.status}`);
    } else {
      for (const line of await dataSummary(client, tables)) log(line);
    }

    let schedules: ScheduleRunner | undefined;
    if (options.schedules !== false) {
      schedules = runSchedules(synthesized.schedules(), {
        now: () => clock.read().now,
        fire: async (schedule, input) => {
          if (schedule.target.kind === 'function') await lambda.invoke(schedule.target.logicalId, JSON.parse(input));
          else
            await sfn.send(
              new StartExecutionCommand({ stateMachineArn: arns.get(schedule.target.logicalId) ?? '', input }),
            );
          log(`schedule ${schedule.logicalId.replace(/[0-9A-F]{8}$/, '')} fired: ${input}`);
        },
        onError: (error) => log(`schedule: ${error.message}`),
      });
      cleanups.push(() => schedules?.stop());
    }

    const urls = {
      api: apiUrl,
      ops: `${apiUrl}/ops`,
      mailbox: `${sesUrl}/`,
      ses: sesUrl,
      dynamodb: dynamodb.endpoint,
      stepFunctions: sfnUrl,
      s3: s3.url,
    };
    await writeFile(
      join(dataDir, STACK_FILE),
      `${JSON.stringify({ pid: process.pid, urls, stateMachines, tablePrefix: 'winback-', policy: policyName, region: LOCAL_REGION }, null, 2)}\n`,
    );
    cleanups.push(() => rm(join(dataDir, STACK_FILE), { force: true }));
    return { urls, stateMachines, tables, clock, sfn, scan, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * What a start on existing data found, and a warning when it cannot work as a demo: no customers,
 * or customers without a single event (a first start whose sample load did not finish).
 */
async function dataSummary(client: DynamoDBClient, tables: TableNames): Promise<string[]> {
  // DescribeTable's count: a scan of every event would take longer than the start itself.
  const count = async (TableName: string) =>
    (await client.send(new DescribeTableCommand({ TableName }))).Table?.ItemCount ?? 0;
  const [customers, events] = [await count(tables.customers), await count(tables.events)];
  const lines = [`the data folder holds ${customers} customers and ${events} events`];
  const load =
    'npm start -- --clean loads the sample chain afresh (add --customers N for a smaller one); npx winback import FILE loads an export into the running stack';
  if (customers === 0)
    lines.push(`warning: the data folder holds no customers, so no scan will find anything: ${load}`);
  else if (events === 0)
    lines.push(
      `warning: the data folder holds ${customers} customers but no events (an earlier sample load did not finish?), so no scan will find anything: ${load}`,
    );
  return lines;
}

/** The link-signing secret of this data folder: links in emails already sent stay valid across restarts. */
async function linkSecret(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}
