import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { WinbackStack } from '../../infra/winback-stack.ts';

interface ValidationReport {
  pluginReports: Array<{
    pluginName: string;
    violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath: string }> }>;
  }>;
}

/** Synthesizes the stack under the AWS Solutions pack (as `cdk synth` does) and lists what it reports. */
async function nagFindings(
  change: (stack: WinbackStack) => void = () => undefined,
): Promise<{ findings: string[]; failed: boolean }> {
  const outdir = await mkdtemp(join(tmpdir(), 'winback-nag-'));
  // As `cdk synth` runs it (cdk.json's feature flags change how policies are written), bundling
  // skipped: the checks read the template, not the bundles.
  const { context } = JSON.parse(await readFile('cdk.json', 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ outdir, context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new WinbackStack(app, 'Winback', { mailFrom: 'winback@chain.example' });
  change(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let failed = false;
  try {
    app.synth();
  } catch {
    failed = true;
  }
  const report = JSON.parse(await readFile(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  const findings = report.pluginReports
    .filter((plugin) => plugin.pluginName === 'AwsSolutions')
    .flatMap((plugin) =>
      plugin.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`)),
    );
  return { findings, failed };
}

describe("the stack against cdk-nag's AWS Solutions checks", () => {
  it('passes: every finding fixed, or acknowledged with its reason where the stack needs it', async () => {
    expect(await nagFindings()).toEqual({ findings: [], failed: false });
  });

  it('still stops a wildcard nobody justified, even beside justified ones on the same role', async () => {
    const result = await nagFindings((stack) =>
      stack.scoreCustomer.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] })),
    );
    expect(result.failed).toBe(true);
    expect(result.findings.sort()).toEqual([
      'AwsSolutions-IAM5[Action::dynamodb:*] at Winback/ScoreCustomerRole/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Resource::*] at Winback/ScoreCustomerRole/DefaultPolicy/Resource',
    ]);
  });
});
