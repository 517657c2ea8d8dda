import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { WinbackStack } from '../../infra/winback-stack.ts';

let outdir: string;
let template: Template;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'winback-synth-'));
  const app = new App({ outdir });
  const stack = new WinbackStack(app, 'Winback');
  template = Template.fromStack(stack);
  app.synth();
});

describe('the CDK app, synthesized offline without credentials', () => {
  it('runs every function on Node 24, ARM64, with source maps, tracing and a log group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('bundles a handler that runs: the deployed code scores a customer', async () => {
    const manifest = JSON.parse(await readFile(join(outdir, 'Winback.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string; packaging?: string } }>;
    };
    const bundle = Object.values(manifest.files).find((file) => file.source.packaging === 'zip');
    expect(bundle).toBeDefined();
    const { handler } = (await import(pathToFileURL(join(outdir, bundle!.source.path, 'index.mjs')).href)) as {
      handler: (event: unknown, context: unknown) => Promise<{ level: number; indicators: Array<{ id: string }> }>;
    };
    const score = await handler(
      {
        customer: { customerId: 'C1', storeId: 'S1', segment: 'regular', events: [{ eventId: 'e', type: 'visit', at: '2026-08-01T19:00:00+08:00', amount: 100 }] },
        asOf: '2026-11-23T12:00:00+08:00',
      },
      { functionName: 'ScoreCustomer', awsRequestId: 'test' },
    );
    expect(score.level).toBe(1);
    expect(score.indicators.map((finding) => finding.id)).toEqual(['visit_gap']);
  });
});
