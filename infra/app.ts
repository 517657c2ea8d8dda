import { readFileSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parsePolicyText } from '#shared/policy/parse-policy.ts';
import { WinbackStack } from './winback-stack.ts';

const app = new App();
// Settings per chain, e.g. `npx cdk synth -c winback:policy=esports -c winback:scanSegments=32`,
// or the chain's own policy file: `-c winback:policyFile=my-policy.yaml` (validated here: a bad
// field stops the synth with its path).
const policyPreset = (app.node.tryGetContext('winback:policy') as string | undefined) ?? 'script-kill';
const policyFile = app.node.tryGetContext('winback:policyFile') as string | undefined;
const policy = policyFile ? parsePolicyText(readFileSync(policyFile, 'utf8'), policyFile) : undefined;
const scanSegments = Number(app.node.tryGetContext('winback:scanSegments') ?? 8);
// The SES identity (an address, or one at a verified domain) every email is sent from.
const mailFrom = app.node.tryGetContext('winback:mailFrom') as string | undefined;
// Where the alarms are emailed (confirm the subscription from the first email).
const opsEmail = app.node.tryGetContext('winback:opsEmail') as string | undefined;
const legacyEventsTable = app.node.tryGetContext('winback:legacyEventsTable') as string | undefined;
// Comma-separated ARNs of the roles or users who handle personal-data requests.
const privacyOfficers = String(app.node.tryGetContext('winback:privacyOfficers') ?? '').split(',').map((arn) => arn.trim()).filter(Boolean);
// No account or region here: `cdk synth` works offline and without credentials.
// AWS Solutions checks on every synth: a finding without an acknowledged reason stops it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
new WinbackStack(app, 'Winback', { description: 'Winback: customer churn early warning and win-back', policyPreset, ...(policy ? { policy } : {}), scanSegments, ...(mailFrom ? { mailFrom } : {}), ...(opsEmail ? { opsEmail } : {}), ...(legacyEventsTable ? { legacyEventsTable } : {}), ...(privacyOfficers.length ? { privacyOfficers } : {}) });
app.synth();
