import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkDeploySettings, describeFinding, type Finding } from '#shared/deploy/deploy-settings.ts';
import { checkTemplate } from '#shared/deploy/template-checks.ts';
import { type AwsClients, awsClients, awsFindings } from './doctor-aws-checks.ts';
import { UsageError } from './usage-error.ts';

export interface DoctorOptions {
  /** `key=value` pairs as given to `cdk deploy -c` (added to cdk.json's and cdk.context.json's context). */
  context?: string[];
  /** The region to deploy to (default: AWS_REGION, AWS_DEFAULT_REGION, or the profile's with --aws). */
  region?: string;
  /** Where `npx cdk synth` wrote the template (default cdk.out). */
  cdkOut?: string;
  /** Also ask the account (SES, Lambda, CloudFormation), with the default credentials or --profile. */
  aws?: boolean;
  profile?: string;
  /** The project folder, for cdk.json (default: the working directory). */
  cwd?: string;
}

function readContext(options: DoctorOptions): Record<string, unknown> {
  const cwd = options.cwd ?? process.cwd();
  const json = (file: string) =>
    existsSync(join(cwd, file)) ? (JSON.parse(readFileSync(join(cwd, file), 'utf8')) as Record<string, unknown>) : {};
  // cdk.json keeps its context under "context"; cdk.context.json is the context itself.
  const fromCdkJson = (json('cdk.json').context ?? {}) as Record<string, unknown>;
  const given: Record<string, string> = {};
  for (const pair of options.context ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0)
      throw new UsageError(`doctor: -c ${pair}: expected key=value, e.g. -c winback:mailFrom=winback@chain.example.cn`);
    given[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return { ...fromCdkJson, ...json('cdk.context.json'), ...given };
}

async function resolveRegion(options: DoctorOptions): Promise<string | undefined> {
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (region || !options.aws) return region;
  // As the CDK CLI does: the profile's region.
  const { CloudFormationClient } = await import('@aws-sdk/client-cloudformation');
  try {
    return await new CloudFormationClient(options.profile ? { profile: options.profile } : {}).config.region();
  } catch {
    return undefined;
  }
}

/**
 * `winback doctor`: before a deployment, what would stop it or hurt it, each finding with what it
 * means and what to do. Offline it checks the settings (the same checks the synth refuses with)
 * and the synthesized template; with --aws it asks the account: SES sandbox, quota and the
 * sender's verification, Lambda concurrency, the CDK bootstrap stack.
 */
export async function doctorCommand(
  options: DoctorOptions,
  print: (line: string) => void,
  clients?: (region: string, mailRegion: string) => AwsClients,
): Promise<Finding[]> {
  const context = readContext(options);
  const text = (key: string) =>
    typeof context[`winback:${key}`] === 'string' ? (context[`winback:${key}`] as string) : undefined;
  const region = await resolveRegion(options);
  const namedMailRegion = text('mailRegion');
  const mailRegion = namedMailRegion && namedMailRegion !== region ? namedMailRegion : undefined;
  const mailFrom = text('mailFrom');
  const privacyOfficers = (text('privacyOfficers') ?? '')
    .split(',')
    .map((arn) => arn.trim())
    .filter(Boolean);
  const findings: Finding[] = checkDeploySettings({
    region,
    mailRegion,
    mailFrom,
    opsEmail: text('opsEmail'),
    privacyOfficers,
  });
  if (
    region &&
    !findings.some((f) => f.level === 'error' && (f.subject === 'region' || f.subject === 'winback:mailRegion'))
  ) {
    findings.unshift({
      level: 'ok',
      subject: 'region',
      message: mailRegion ? `${region}, sending through SES in ${mailRegion}` : `${region} has SES`,
    });
  }

  const templateFile = join(
    resolve(options.cwd ?? process.cwd(), options.cdkOut ?? 'cdk.out'),
    'Winback.template.json',
  );
  let scanConcurrency = 0;
  if (existsSync(templateFile)) {
    const checked = checkTemplate(JSON.parse(readFileSync(templateFile, 'utf8')));
    scanConcurrency = checked.facts.scanConcurrency;
    findings.push(...checked.findings);
    const differs = [
      mailFrom && checked.facts.mailFrom !== mailFrom ? `sender ${checked.facts.mailFrom ?? 'none'}` : undefined,
      (checked.facts.mailRegion ?? undefined) !== mailRegion
        ? `mail region ${checked.facts.mailRegion ?? 'none'}`
        : undefined,
    ].filter(Boolean);
    if (differs.length) {
      findings.push({
        level: 'warning',
        subject: 'template',
        message: `${templateFile} was synthesized with other settings (${differs.join(', ')})`,
        fix: 'run `npx cdk synth -q` again with the same -c settings and region as the deploy',
      });
    }
  } else {
    findings.push({
      level: 'warning',
      subject: 'template',
      message: `no synthesized template at ${templateFile}: the template checks were skipped`,
      fix: "run `npx cdk synth -q` with the deploy's -c settings first",
    });
  }

  if (options.aws) {
    if (!region) {
      findings.push({
        level: 'error',
        subject: 'AWS',
        message: 'the account checks need a region',
        fix: 'pass --region or set AWS_REGION',
      });
    } else {
      const sendRegion = mailRegion ?? region;
      const made = clients ? clients(region, sendRegion) : awsClients(region, sendRegion, options.profile);
      findings.push(...(await awsFindings(made, { region, mailRegion: sendRegion, mailFrom, scanConcurrency })));
    }
  } else {
    findings.push({
      level: 'warning',
      subject: 'AWS',
      message:
        "the account was not asked (SES sandbox and quota, the sender's verification, Lambda concurrency, CDK bootstrap)",
      fix: 'run again with --aws (and --profile <name>) before the first deploy',
    });
  }

  print(`Winback doctor: region ${region ?? 'unknown'}${mailRegion ? `, mail region ${mailRegion}` : ''}`);
  for (const finding of findings) print(describeFinding(finding));
  const count = (level: Finding['level']) => findings.filter((f) => f.level === level).length;
  print(
    `${count('error')} errors, ${count('warning')} warnings, ${count('ok')} ok${count('error') ? ': fix the errors before deploying' : ''}`,
  );
  return findings;
}
