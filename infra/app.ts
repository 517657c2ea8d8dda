import { readFileSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { checkDeploySettings, describeFinding } from '#shared/deploy/deploy-settings.ts';
import { parsePolicyText } from '#shared/policy/parse-policy.ts';
import { DEFAULT_PRESET } from '#shared/policy/presets/preset-catalog.ts';
import { WinbackStack } from './winback-stack.ts';

// The entry point of `npx cdk synth` and `npx cdk deploy`, i.e. of a real deployment: it refuses
// settings that would deploy a chain that cannot work. The local stack and the tests build the
// stack themselves (infra/local/synthesized-stack.ts) and keep its local defaults.
const app = new App();
// Settings per chain, e.g. `npx cdk synth -c winback:policy=esports -c winback:scanSegments=32`,
// or the chain's own policy file: `-c winback:policyFile=my-policy.yaml` (validated here: a bad
// field stops the synth with its path).
const context = (key: string) => app.node.tryGetContext(`winback:${key}`) as string | undefined;
const policyPreset = context('policy') ?? DEFAULT_PRESET;
const policyFile = context('policyFile');
const policy = policyFile ? parsePolicyText(readFileSync(policyFile, 'utf8'), policyFile) : undefined;
const scanSegments = Number(context('scanSegments') ?? 8);
// The SES identity (an address, or one at a verified domain) every email is sent from.
const mailFrom = context('mailFrom');
// Where the alarms are emailed (confirm the subscription from the first email).
const opsEmail = context('opsEmail');
const legacyEventsTable = context('legacyEventsTable');
// Comma-separated ARNs of the roles or users who handle personal-data requests.
const privacyOfficers = String(context('privacyOfficers') ?? '')
  .split(',')
  .map((arn) => arn.trim())
  .filter(Boolean);
// The stack is region-agnostic (`cdk synth` works offline, without credentials); it deploys to the
// region the CDK CLI takes from AWS_REGION or the profile and passes here as CDK_DEFAULT_REGION.
const region = process.env.CDK_DEFAULT_REGION;
// SES in another region, for a stack region without it (docs/deploy.md, "Regions").
const mailRegion = context('mailRegion') && context('mailRegion') !== region ? context('mailRegion') : undefined;

const findings = checkDeploySettings({ region, mailRegion, mailFrom, opsEmail, privacyOfficers });
for (const finding of findings.filter((f) => f.level === 'warning'))
  process.stderr.write(`${describeFinding(finding)}\n`);
const errors = findings.filter((finding) => finding.level === 'error');
if (errors.length > 0) {
  process.stderr.write(
    `Winback cannot be deployed with these settings (region ${region ?? 'unknown'}):\n${errors.map(describeFinding).join('\n')}\n`,
  );
  process.exit(1);
}

// AWS Solutions checks on every synth: a finding without an acknowledged reason stops it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
new WinbackStack(app, 'Winback', {
  description: 'Winback: customer churn early warning and win-back',
  policyPreset,
  ...(policy ? { policy } : {}),
  scanSegments,
  ...(mailFrom ? { mailFrom } : {}),
  ...(mailRegion ? { mailRegion } : {}),
  ...(opsEmail ? { opsEmail } : {}),
  ...(legacyEventsTable ? { legacyEventsTable } : {}),
  ...(privacyOfficers.length ? { privacyOfficers } : {}),
});
app.synth();
