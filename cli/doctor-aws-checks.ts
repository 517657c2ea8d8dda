import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Finding } from '#shared/deploy/deploy-settings.ts';

/**
 * Below this account concurrency a first scan throttles itself: its segments run in parallel
 * (the scan Map's concurrency), while case steps, ingestion and the link pages run beside them.
 * AWS gives new accounts as little as 10; 100 leaves room, and Service Quotas raises it for free.
 */
export const MIN_ACCOUNT_CONCURRENCY = 100;

export interface AwsClients {
  /** SES in the region mail is sent from. */
  ses: SESv2Client;
  lambda: LambdaClient;
  /** CloudFormation in each region a stack of the app deploys to (the stack's, and the mail region's). */
  cloudFormation: ReadonlyMap<string, CloudFormationClient>;
}

export function awsClients(region: string, mailRegion: string, profile?: string): AwsClients {
  const common = { maxAttempts: 3, ...(profile ? { profile } : {}) };
  return {
    ses: new SESv2Client({ ...common, region: mailRegion }),
    lambda: new LambdaClient({ ...common, region }),
    cloudFormation: new Map(
      [...new Set([region, mailRegion])].map((r) => [r, new CloudFormationClient({ ...common, region: r })]),
    ),
  };
}

const errorName = (error: unknown) => (error as { name?: string }).name ?? '';

/** SES in the mail region: sending enabled, out of the sandbox, its quota, and the sender verified (the address or its domain). */
async function sesFindings(ses: SESv2Client, mailRegion: string, mailFrom: string | undefined): Promise<Finding[]> {
  const findings: Finding[] = [];
  const account = await ses.send(new GetAccountCommand({}));
  if (account.SendingEnabled === false) {
    findings.push({
      level: 'error',
      subject: 'SES sending',
      message: `sending is paused for this account in ${mailRegion} (SES enforcement: ${account.EnforcementStatus ?? 'unknown'})`,
      fix: 'open the SES console > Reputation metrics, fix the cause and ask AWS to resume sending',
    });
  }
  const quota = account.SendQuota ?? {};
  if (account.ProductionAccessEnabled === false) {
    findings.push({
      level: 'warning',
      subject: 'SES sandbox',
      message: `the account is in the SES sandbox in ${mailRegion}: ${quota.Max24HourSend ?? 200} emails a day, ${quota.MaxSendRate ?? 1} a second, and only to verified addresses; a chain's first scan alone sends more (one email per case opened, and reminders)`,
      fix: `request production access (SES console > Account dashboard > Request production access, in ${mailRegion}); until then verify every staff address`,
    });
  } else {
    findings.push({
      level: 'ok',
      subject: 'SES sending',
      message: `production access in ${mailRegion}: ${quota.Max24HourSend} emails a day, ${quota.MaxSendRate} a second (${quota.SentLast24Hours ?? 0} sent in the last 24 hours)`,
    });
  }
  if (!mailFrom) return findings;
  const domain = mailFrom.split('@')[1] ?? mailFrom;
  let verified: string | undefined;
  for (const identity of [mailFrom, domain]) {
    try {
      const found = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
      if (found.VerifiedForSendingStatus) {
        verified = identity;
        break;
      }
    } catch (error) {
      if (errorName(error) !== 'NotFoundException') throw error;
    }
  }
  findings.push(
    verified
      ? {
          level: 'ok',
          subject: 'SES sender',
          message: `${mailFrom} may send (verified as ${verified} in ${mailRegion})`,
        }
      : {
          level: 'error',
          subject: 'SES sender',
          message: `neither ${mailFrom} nor ${domain} is a verified identity in ${mailRegion}: every email would be refused ("Email address is not verified")`,
          fix: `verify the domain (with DKIM) or the address in the SES console of ${mailRegion} > Identities, and click the link or publish the DNS records`,
        },
  );
  return findings;
}

async function lambdaFindings(lambda: LambdaClient, region: string, scanConcurrency: number): Promise<Finding[]> {
  const settings = await lambda.send(new GetAccountSettingsCommand({}));
  const limit = settings.AccountLimit?.ConcurrentExecutions ?? 0;
  const unreserved = settings.AccountLimit?.UnreservedConcurrentExecutions ?? limit;
  if (limit < MIN_ACCOUNT_CONCURRENCY) {
    return [
      {
        level: 'warning',
        subject: 'Lambda concurrency',
        message: `the account may run ${limit} functions at once in ${region} (${unreserved} unreserved); a scan alone runs ${scanConcurrency || 'several'} segments at once beside the case steps and ingestion, so invocations would be throttled and retried, and ingestion would answer 429`,
        fix: `ask for at least ${MIN_ACCOUNT_CONCURRENCY} (Service Quotas > AWS Lambda > Concurrent executions, in ${region}); it is free`,
      },
    ];
  }
  return [
    {
      level: 'ok',
      subject: 'Lambda concurrency',
      message: `${limit} concurrent executions in ${region} (${unreserved} unreserved)`,
    },
  ];
}

async function bootstrapFindings(cloudFormation: ReadonlyMap<string, CloudFormationClient>): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [region, client] of cloudFormation) {
    try {
      const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: 'CDKToolkit' }));
      const stack = Stacks?.[0];
      const version = stack?.Outputs?.find((output) => output.OutputKey === 'BootstrapVersion')?.OutputValue;
      findings.push(
        stack?.StackStatus?.endsWith('_COMPLETE') &&
          !stack.StackStatus.includes('ROLLBACK') &&
          !stack.StackStatus.startsWith('DELETE')
          ? {
              level: 'ok',
              subject: 'CDK bootstrap',
              message: `CDKToolkit is ${stack.StackStatus} in ${region} (bootstrap version ${version ?? 'unknown'})`,
            }
          : {
              level: 'error',
              subject: 'CDK bootstrap',
              message: `CDKToolkit is ${stack?.StackStatus ?? 'in an unknown state'} in ${region}`,
              fix: `npx cdk bootstrap aws://<account>/${region}`,
            },
      );
    } catch (error) {
      if (errorName(error) !== 'ValidationError') throw error;
      findings.push({
        level: 'error',
        subject: 'CDK bootstrap',
        message: `the account is not bootstrapped in ${region} (no CDKToolkit stack): cdk deploy has nowhere to put the function bundles`,
        fix: `npx cdk bootstrap aws://<account>/${region}`,
      });
    }
  }
  return findings;
}

/** The checks that need the account: SES, Lambda concurrency, CDK bootstrap. One failing check is reported, not fatal to the others. */
export async function awsFindings(
  clients: AwsClients,
  settings: { region: string; mailRegion: string; mailFrom?: string | undefined; scanConcurrency: number },
): Promise<Finding[]> {
  const checks: Array<[string, () => Promise<Finding[]>]> = [
    ['SES', () => sesFindings(clients.ses, settings.mailRegion, settings.mailFrom)],
    ['Lambda', () => lambdaFindings(clients.lambda, settings.region, settings.scanConcurrency)],
    ['CDK bootstrap', () => bootstrapFindings(clients.cloudFormation)],
  ];
  const findings: Finding[] = [];
  for (const [subject, check] of checks) {
    try {
      findings.push(...(await check()));
    } catch (error) {
      const name = errorName(error);
      const denied =
        /AccessDenied|UnrecognizedClient|InvalidClientTokenId|ExpiredToken|CredentialsProvider/i.test(name) ||
        /credential/i.test(String((error as Error).message));
      findings.push({
        level: 'error',
        subject,
        message: `could not check: ${name || 'error'}: ${(error as Error).message}`,
        fix: denied
          ? 'run with credentials of the account (AWS_PROFILE or --profile) allowed to read SES, Lambda and CloudFormation'
          : 'check the network and the region, then run again',
      });
    }
  }
  return findings;
}
