import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sampleStaff } from '#shared/sample/sample-staff.ts';
import { batchPut } from '#shared/store/dynamodb/batch-put.ts';
import { tableEnvironment } from '#shared/store/table-specs.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamodb-local.ts';
import { HANDLER_METADATA } from '../../infra/winback-function.ts';
import { WinbackStack } from '../../infra/winback-stack.ts';
import { httpPost, lambdaContext } from '../helpers/http-event.ts';
import { localTables, type LocalTables } from '../helpers/local-tables.ts';

const run = promisify(execFile);

/** Imports a bundle as the Lambda runtime does, and invokes its handler with an event when given one. */
const RUNNER = `
const [bundle, event, context] = process.argv.slice(2);
const { handler } = await import(bundle);
if (!event) process.stdout.write(typeof handler);
else process.stdout.write(JSON.stringify(await handler(JSON.parse(event), JSON.parse(context))));
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

beforeAll(async () => {
  // As `cdk synth` builds them (cdk.json's flags), then each bundle alone in a folder outside the
  // repository, where no node_modules can lend it a package it did not bundle.
  const { context } = JSON.parse(await readFile('cdk.json', 'utf8')) as { context: Record<string, unknown> };
  outdir = await mkdtemp(join(tmpdir(), 'winback-bundles-synth-'));
  bundlesDir = await mkdtemp(join(tmpdir(), 'winback-bundles-'));
  const app = new App({ outdir, context });
  const template = Template.fromStack(new WinbackStack(app, 'Winback', { mailFrom: 'winback@mail.winback-chain.cn', opsEmail: 'ops@winback-chain.cn' }));
  app.synth();
  local = await localTables();
  await batchPut(local.doc, local.names.staff, sampleStaff(['S1']).people);
  const tables = tableEnvironment(local.names);
  await writeFile(join(bundlesDir, 'run.mjs'), RUNNER);
  bundles = await Promise.all(
    Object.entries(template.findResources('AWS::Lambda::Function'))
      .filter(([, fn]) => fn.Metadata?.[HANDLER_METADATA])
      .map(async ([logicalId, fn]) => {
        const folder = join(bundlesDir, logicalId);
        await cp(join(outdir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`), folder, { recursive: true });
        // The template's environment, its references made local: tables by name, other resources by a stand-in.
        const variables = Object.entries((fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>).map(([name, value]) => [
          name,
          tables[name as keyof typeof tables] ?? (typeof value === 'string' ? value : `arn:aws:local:${LOCAL_REGION}:123456789012:${name}`),
        ]);
        return { logicalId, handlerModule: String(fn.Metadata[HANDLER_METADATA]), file: join(folder, 'index.mjs'), environment: Object.fromEntries(variables) as Record<string, string> };
      }),
  );
}, 240_000);

afterAll(async () => {
  await Promise.all([outdir, bundlesDir].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function inLambda(bundle: Bundle, event?: unknown): Promise<string> {
  const env = {
    PATH: process.env.PATH,
    ...bundle.environment,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
    AWS_LAMBDA_FUNCTION_NAME: bundle.logicalId,
    // Read from Secrets Manager in AWS; given here, as the local stack gives it.
    LINK_SECRET: 'local-link-secret-for-the-bundle-test-000000000000',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  const args = [join(bundlesDir, 'run.mjs'), bundle.file, ...(event === undefined ? [] : [JSON.stringify(event), JSON.stringify(lambdaContext)])];
  const { stdout } = await run(process.execPath, args, { cwd: bundlesDir, env });
  return stdout;
}

describe('the synthesized bundles, outside the repository', () => {
  it('each loads as Lambda loads it, with the template\'s environment and nothing but its own folder', async () => {
    expect(bundles.length).toBeGreaterThanOrEqual(16);
    for (const bundle of bundles) await expect(inLambda(bundle), bundle.handlerModule).resolves.toBe('function');
  }, 240_000);

  it('ingest-customers stores a profile in DynamoDB through the SDK it bundles', async () => {
    const bundle = bundles.find((b) => b.handlerModule === 'ingest-customers/handler.ts')!;
    const reply = JSON.parse(await inLambda(bundle, httpPost('/v1/customers', { customers: [{ customerId: 'C-BUNDLED-1', storeId: 'S1', segment: 'regular' }] }))) as { statusCode: number; body: string };
    expect(reply.statusCode).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ accepted: 1 });
    const { Item } = await local.doc.send(new GetCommand({ TableName: local.names.customers, Key: { customerId: 'C-BUNDLED-1' } }));
    expect(Item).toMatchObject({ customerId: 'C-BUNDLED-1', storeId: 'S1' });
  }, 60_000);
});
