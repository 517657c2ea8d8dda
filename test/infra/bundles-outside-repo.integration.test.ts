import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sampleStaff } from '#cli/sample/sample-staff.ts';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { tableEnvironment } from '#shared/adapters/table-specs.ts';
import type { VerifyOutput } from '../../functions/case-verify/handler.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamodb-local.ts';
import { type LocalS3, startLocalS3 } from '../../infra/local/local-s3.ts';
import { type LocalSes, startLocalSes } from '../../infra/local/local-ses.ts';
import { HANDLER_METADATA } from '../../infra/winback-function.ts';
import { WinbackStack } from '../../infra/winback-stack.ts';
import { httpPost, lambdaContext } from '../helpers/http-event.ts';
import { mailbox } from '../helpers/local-mailbox.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';

const run = promisify(execFile);

/** Imports a bundle as the Lambda runtime does, and invokes its handler with an event when given one. */
const RUNNER = `
const [bundle, event, context] = process.argv.slice(2);
const { handler } = await import(bundle);
if (!event) process.stdout.write(typeof handler);
else process.stdout.write(JSON.stringify((await handler(JSON.parse(event), JSON.parse(context))) ?? null));
`;

interface Bundle {
  logicalId: string;
  handlerModule: string;
  file: string;
  environment: Record<string, string>;
}

let outdir: string;
let bundlesDir: string;
let local: LocalTables;
let bundles: Bundle[];
let ses: LocalSes;
let s3: LocalS3;

beforeAll(async () => {
  // As `cdk synth` builds them (cdk.json's flags), then each bundle alone in a folder outside the
  // repository, where no node_modules can lend it a package it did not bundle.
  const { context } = JSON.parse(await readFile('cdk.json', 'utf8')) as { context: Record<string, unknown> };
  outdir = await mkdtemp(join(tmpdir(), 'winback-bundles-synth-'));
  bundlesDir = await mkdtemp(join(tmpdir(), 'winback-bundles-'));
  const app = new App({ outdir, context });
  const template = Template.fromStack(
    new WinbackStack(app, 'Winback', { mailFrom: 'winback@mail.winback-chain.cn', opsEmail: 'ops@winback-chain.cn' }),
  );
  app.synth();
  local = await localTables();
  await batchPut(local.doc, local.names.staff, sampleStaff(['S1']).people);
  ses = await startLocalSes();
  s3 = await startLocalS3({
    directory: await mkdtemp(join(tmpdir(), 'winback-bundles-s3-')),
    buckets: ['bundle-reports'],
  });
  const tables = tableEnvironment(local.names);
  await writeFile(join(bundlesDir, 'run.mjs'), RUNNER);
  bundles = await Promise.all(
    Object.entries(template.findResources('AWS::Lambda::Function'))
      .filter(([, fn]) => fn.Metadata?.[HANDLER_METADATA])
      .map(async ([logicalId, fn]) => {
        const folder = join(bundlesDir, logicalId);
        await cp(join(outdir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`), folder, {
          recursive: true,
        });
        // The template's environment, its references made local: tables by name, other resources by a stand-in.
        const variables = Object.entries((fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>).map(
          ([name, value]) => [
            name,
            tables[name as keyof typeof tables] ??
              (typeof value === 'string' ? value : `arn:aws:local:${LOCAL_REGION}:123456789012:${name}`),
          ],
        );
        return {
          logicalId,
          handlerModule: String(fn.Metadata[HANDLER_METADATA]),
          file: join(folder, 'index.mjs'),
          environment: Object.fromEntries(variables) as Record<string, string>,
        };
      }),
  );
}, 240_000);

afterAll(async () => {
  await ses?.stop();
  await s3?.stop();
  await Promise.all([outdir, bundlesDir].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
});

const bundleOf = (handlerModule: string): Bundle => {
  const bundle = bundles.find((candidate) => candidate.handlerModule === handlerModule);
  if (bundle === undefined) throw new Error(`no bundle for ${handlerModule}`);
  return bundle;
};
/** Invokes a handler's bundle with an event and reads its answer. */
const invoke = async <T = Record<string, unknown>>(handlerModule: string, event: unknown): Promise<T> =>
  JSON.parse(await inLambda(bundleOf(handlerModule), event)) as T;

async function inLambda(bundle: Bundle, event?: unknown): Promise<string> {
  const env = {
    PATH: process.env.PATH,
    ...bundle.environment,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
    AWS_ENDPOINT_URL_SES: ses.url,
    AWS_ENDPOINT_URL_S3: s3.url,
    REPORTS_BUCKET: 'bundle-reports',
    AWS_LAMBDA_FUNCTION_NAME: bundle.logicalId,
    // Read from Secrets Manager in AWS; given here, as the local stack gives it.
    LINK_SECRET: 'local-link-secret-for-the-bundle-test-000000000000',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  const args = [
    join(bundlesDir, 'run.mjs'),
    bundle.file,
    ...(event === undefined ? [] : [JSON.stringify(event), JSON.stringify(lambdaContext)]),
  ];
  const { stdout } = await run(process.execPath, args, { cwd: bundlesDir, env });
  return stdout;
}

describe('the synthesized bundles, outside the repository', () => {
  it("each loads as Lambda loads it, with the template's environment and nothing but its own folder", async () => {
    expect(bundles.length).toBeGreaterThanOrEqual(16);
    for (const bundle of bundles) await expect(inLambda(bundle), bundle.handlerModule).resolves.toBe('function');
  }, 240_000);

  it('ingest-customers stores a profile in DynamoDB through the SDK it bundles', async () => {
    const bundle = bundles.find((b) => b.handlerModule === 'ingest-customers/handler.ts')!;
    const reply = JSON.parse(
      await inLambda(
        bundle,
        httpPost('/v1/customers', { customers: [{ customerId: 'C-BUNDLED-1', storeId: 'S1', segment: 'regular' }] }),
      ),
    ) as { statusCode: number; body: string };
    expect(reply.statusCode).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ accepted: 1 });
    const { Item } = await local.doc.send(
      new GetCommand({ TableName: local.names.customers, Key: { customerId: 'C-BUNDLED-1' } }),
    );
    expect(Item).toMatchObject({ customerId: 'C-BUNDLED-1', storeId: 'S1' });
  }, 60_000);
});

describe('each synthesized handler, invoked once outside the repository against the local servers', () => {
  it('carries a customer from ingestion through a scan, a case step by step, the pages, the digest, a report and the model fit', async () => {
    const customerId = 'C-BUNDLED-2';
    const now = new Date().toISOString();
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const api = (reply: { statusCode: number; body: string }) => ({
      status: reply.statusCode,
      body: JSON.parse(reply.body) as Record<string, unknown>,
    });

    expect(
      api(
        await invoke(
          'ingest-customers/handler.ts',
          httpPost('/v1/customers', { customers: [{ customerId, storeId: 'S1', segment: 'regular' }] }),
        ),
      ).body,
    ).toMatchObject({ accepted: 1 });
    const visits = [120, 100].map((days, i) => ({
      customerId,
      storeId: 'S1',
      eventId: `v${i}`,
      type: 'visit',
      at: daysAgo(days),
      amount: 128,
    }));
    expect(
      api(await invoke('ingest-events/handler.ts', httpPost('/v1/events', { events: visits }))).body,
    ).toMatchObject({ accepted: 2 });
    const score = await invoke('score-customer/handler.ts', {
      customer: {
        customerId: 'C-ASKED',
        storeId: 'S1',
        segment: 'regular',
        events: visits.map(({ customerId: _c, storeId: _s, ...visit }) => visit),
      },
    });
    expect(score).toMatchObject({ customerId: 'C-ASKED', level: 1 });

    // The daily scan raises the alert (queued until the opening step, which this test does not run).
    const segment = await invoke('scan-segment/handler.ts', {
      runId: 'daily-bundle',
      kind: 'daily',
      asOf: now,
      segment: 0,
      totalSegments: 1,
    });
    expect(segment).toMatchObject({ raised: 1 });
    const { Items: [alert] = [] } = await local.doc.send(
      new QueryCommand({
        TableName: local.names.alerts,
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': customerId },
      }),
    );
    const keys = {
      customerId,
      alertId: String(alert!.alertId),
      storeId: 'S1',
      level: 1,
      identifiedAt: String(alert!.identifiedAt),
    };

    // The case, step by step, as the workflow would call each task.
    const verification = await invoke<VerifyOutput>('case-verify/handler.ts', keys);
    expect(verification).toMatchObject({ outcome: 'confirmed', level: 1 });
    const state = { ...keys, verification, step: 'response_plan', reminder: 0 };
    await invoke('case-notify/handler.ts', {
      state,
      wait: { dueBy: verification.deadlines!.responsePlanBy },
      taskToken: 'bundle-token',
    });
    const toOwner = (await mailbox(ses.url)).filter((mail) => mail.destination.to.includes('cs-1@chain.example'));
    expect(toOwner).toHaveLength(1);
    expect(await invoke('case-breach/handler.ts', state)).toMatchObject({ reminder: 1 });
    expect(
      await invoke('case-execute/handler.ts', {
        state: { ...state, step: 'contact' },
        plan: { strategy: 'coupon_30_off_100' },
      }),
    ).toMatchObject({ action: 'issued' });
    await invoke('case-follow-up/handler.ts', { state: { ...state, step: 'contact' }, round: 0 });
    expect(await invoke('case-close/handler.ts', { ...keys, outcome: 'lost', reason: 'moved away' })).toMatchObject({
      outcome: 'lost',
    });
    expect(
      await invoke('case-failed/handler.ts', {
        ...keys,
        failure: { Error: 'BundleCheck', Cause: 'a test of the bundle' },
      }),
    ).toMatchObject({ error: 'BundleCheck' });
    expect((await mailbox(ses.url)).some((mail) => mail.subject.includes('BundleCheck'))).toBe(true);

    // The pages answer in their own words, with their headers, for a link nobody issued.
    const unknownLink = {
      pathParameters: { token: 'A'.repeat(43) },
      requestContext: { requestId: 'r', http: { method: 'GET', sourceIp: '127.0.0.1', userAgent: 'bundle' } },
      headers: {},
    };
    for (const page of ['case-page/handler.ts', 'worklist-page/handler.ts']) {
      const reply = await invoke<{ statusCode: number; headers: Record<string, string> }>(page, unknownLink);
      expect([reply.statusCode, reply.headers['content-security-policy']], page).toEqual([
        404,
        expect.stringContaining("default-src 'none'"),
      ]);
    }

    // The scheduled runs: the digest, a report into S3 and mail, the model fit; and SES's feedback.
    expect(await invoke('staff-digest/handler.ts', { asOf: now })).toMatchObject({ day: expect.any(String) });
    expect(await invoke('report-run/handler.ts', { kind: 'kpis', asOf: now })).toMatchObject({
      period: expect.any(String),
    });
    await invoke('model-fit/handler.ts', { asOf: now });
    const bounce = {
      eventType: 'Bounce',
      bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'sm-1@chain.example' }], timestamp: now },
    };
    expect(
      await invoke('mail-feedback/handler.ts', {
        Records: [{ Sns: { MessageId: 'm1', Message: JSON.stringify(bounce) } }],
      }),
    ).toEqual({ marked: ['sm-1'] });
    // Erasure only for the privacy officer's role: refused here, in JSON, naming why.
    const refused = api(await invoke('erase-customer/handler.ts', httpPost('/v1/erasures', { customerId })));
    expect(refused.status).toBe(403);
    expect(
      (await local.doc.send(new ScanCommand({ TableName: local.names.customers }))).Items?.some(
        (item) => item.customerId === customerId,
      ),
    ).toBe(true);

    // Every bundle the template has was invoked above.
    const invoked = [
      'ingest-customers',
      'ingest-events',
      'score-customer',
      'scan-segment',
      'case-verify',
      'case-notify',
      'case-breach',
      'case-execute',
      'case-follow-up',
      'case-close',
      'case-failed',
      'case-page',
      'worklist-page',
      'staff-digest',
      'report-run',
      'model-fit',
      'mail-feedback',
      'erase-customer',
    ];
    expect(
      bundles
        .map((bundle) => bundle.handlerModule.replace('/handler.ts', ''))
        .filter((name) => !invoked.includes(name)),
    ).toEqual([]);
  }, 600_000);
});
