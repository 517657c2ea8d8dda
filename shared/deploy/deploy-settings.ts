import {
  CHINA_REGIONS,
  hasSes,
  isChina,
  isOptIn,
  nearestSesRegions,
  SES_REGIONS,
  SES_REGIONS_SOURCE,
} from './aws-regions.ts';

/** What a deployment is given on the command line (`-c winback:...`) and by its AWS profile (the region). */
export interface DeploySettings {
  /** The region the stack deploys to (the CDK CLI passes the profile's or AWS_REGION's as CDK_DEFAULT_REGION). */
  region?: string | undefined;
  /** `winback:mailRegion`: where SES is used when the stack's region has none. */
  mailRegion?: string | undefined;
  /** `winback:mailFrom`: the verified sender. */
  mailFrom?: string | undefined;
  /** `winback:opsEmail`: where the alarms go. */
  opsEmail?: string | undefined;
  /** `winback:privacyOfficers`: who may erase customers. */
  privacyOfficers?: readonly string[] | undefined;
}

export interface Finding {
  /** error: the deployment would not work (synth refuses it); warning: it works, but should be looked at; ok: checked and fine. */
  level: 'error' | 'warning' | 'ok';
  /** What was checked, e.g. `region`, `winback:mailFrom`. */
  subject: string;
  /** What it means. */
  message: string;
  /** What to do (nothing, for ok). */
  fix?: string;
}

/** Domains reserved for examples and tests (RFC 2606 and RFC 6761): mail to them never arrives. */
const PLACEHOLDER_DOMAIN = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/i;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The region mail is sent from: the mail region when one is named and differs, else the stack's. */
export function effectiveMailRegion(settings: DeploySettings): string | undefined {
  return settings.mailRegion || settings.region;
}

/** Whether an address is at a domain reserved for examples (nobody verifies or receives mail there). */
export function isPlaceholderAddress(address: string): boolean {
  return PLACEHOLDER_DOMAIN.test(address.split('@')[1] ?? '');
}

function addressFindings(subject: string, value: string | undefined, what: string): Finding[] {
  if (!value) return [{ level: 'error', subject, message: `no ${what} is set`, fix: `pass -c ${subject}=<address>` }];
  if (!EMAIL.test(value))
    return [
      {
        level: 'error',
        subject,
        message: `"${value}" is not an email address (${what})`,
        fix: `pass -c ${subject}=<address>`,
      },
    ];
  const domain = value.split('@')[1] ?? '';
  if (PLACEHOLDER_DOMAIN.test(domain)) {
    return [
      {
        level: 'error',
        subject,
        message: `${value} is a placeholder for the ${what}: ${domain} is reserved for examples, where nobody verifies or receives mail`,
        fix: `pass -c ${subject}=<a real address>`,
      },
    ];
  }
  return [];
}

const regionList = (regions: readonly string[]) => regions.join(', ');

function regionFindings(settings: DeploySettings): Finding[] {
  const { region, mailRegion } = settings;
  if (!region) {
    return [
      {
        level: 'error',
        subject: 'region',
        message: 'no target region is known',
        fix: 'set AWS_REGION (or the region of the AWS profile) before `npx cdk deploy`',
      },
    ];
  }
  const findings: Finding[] = [];
  if (isChina(region)) {
    return [
      {
        level: 'error',
        subject: 'region',
        message: `${region} is a China region (the aws-cn partition): it has no SES, and a stack there cannot send through SES in another partition`,
        fix: `deploy with an AWS global-region account in a region with SES (near mainland China: ${regionList(nearestSesRegions(region))}); docs/deploy.md, "Regions"`,
      },
    ];
  }
  if (isOptIn(region)) {
    findings.push({
      level: 'warning',
      subject: 'region',
      message: `${region} is an opt-in region: the account must enable it before anything deploys there`,
      fix: 'enable it once in the AWS console (Account > AWS Regions), then `npx cdk bootstrap` there',
    });
  }
  if (mailRegion) {
    if (isChina(mailRegion) || !hasSes(mailRegion)) {
      findings.push({
        level: 'error',
        subject: 'winback:mailRegion',
        message: `the mail region ${mailRegion} has no SES (the email API)`,
        fix: `pass -c winback:mailRegion=<one of ${regionList(SES_REGIONS)}> (source: ${SES_REGIONS_SOURCE})`,
      });
    }
    return findings;
  }
  if (!hasSes(region)) {
    findings.push({
      level: 'error',
      subject: 'region',
      message: `${region} has no SES (the email API), which every case and report sends through; regions with SES: ${regionList(SES_REGIONS)} (source: ${SES_REGIONS_SOURCE}); not the China regions (${regionList(CHINA_REGIONS)})`,
      fix: `either send through SES in another region: -c winback:mailRegion=${nearestSesRegions(region)[0]} (the configuration set and its feedback topic then deploy there as a stack of their own: npx cdk deploy --all), or deploy the whole stack in a region with SES`,
    });
  }
  return findings;
}

/**
 * Everything a deployment needs that the settings alone can tell: a region with SES (or a mail
 * region that has it), a real sender and ops address, the named privacy officers. The synth for a
 * deployment refuses the errors (infra/app.ts); `winback doctor` reports them all.
 */
export function checkDeploySettings(settings: DeploySettings): Finding[] {
  const findings = [
    ...regionFindings(settings),
    ...addressFindings('winback:mailFrom', settings.mailFrom, 'sender (the SES identity every email comes from)'),
    ...addressFindings('winback:opsEmail', settings.opsEmail, 'address for the alarms'),
  ];
  if (!settings.privacyOfficers?.length) {
    findings.push({
      level: 'warning',
      subject: 'winback:privacyOfficers',
      message: 'no privacy officers are named: any principal the account allows may assume the erasure role',
      fix: 'pass -c winback:privacyOfficers=<comma-separated role or user ARNs>',
    });
  }
  return findings;
}

/** One finding as a person reads it: what, what it means, what to do. */
export function describeFinding(finding: Finding): string {
  const label = { error: 'ERROR', warning: 'warning', ok: 'ok' }[finding.level];
  return `${label} ${finding.subject}: ${finding.message}.${finding.fix ? `\n    -> ${finding.fix}` : ''}`;
}
