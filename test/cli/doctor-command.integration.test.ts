import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { App } from 'aws-cdk-lib';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '#shared/deploy/deploy-settings.ts';
import { doctorCommand } from '../../cli/doctor-command.ts';
import { WinbackStack } from '../../infra/winback-stack.ts';

const REAL = [
  'winback:mailFrom=winback@chain.example.cn',
  'winback:opsEmail=ops@chain.example.cn',
  'winback:privacyOfficers=arn:aws:iam::111122223333:role/DataProtection',
];
const dirs: string[] = [];

/** A real synthesized template, as `npx cdk synth` writes it to cdk.out (bundling skipped). */
async function synthesized(props: ConstructorParameters<typeof WinbackStack>[2]): Promise<string> {
  const outdir = await mkdtemp(join(tmpdir(), 'winback-doctor-'));
  dirs.push(outdir);
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  new WinbackStack(app, 'Winback', props);
  app.synth();
  return outdir;
}

async function doctor(
  options: Parameters<typeof doctorCommand>[0],
  clients?: Parameters<typeof doctorCommand>[2],
): Promise<{ findings: Finding[]; lines: string[] }> {
  const lines: string[] = [];
  const findings = await doctorCommand(options, (line) => lines.push(line), clients);
  return { findings, lines };
}

const errors = (findings: Finding[]) => findings.filter((f) => f.level === 'error').map((f) => f.subject);

let good: string;

beforeAll(async () => {
  good = await synthesized({ mailFrom: 'winback@chain.example.cn', opsEmail: 'ops@chain.example.cn' });
}, 120_000);

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('winback doctor, offline', () => {
  it('passes a region with SES, real addresses and a template synthesized with them, saying the account was not asked', async () => {
    const { findings, lines } = await doctor({ region: 'ap-southeast-1', context: REAL, cdkOut: good });
    expect(errors(findings)).toEqual([]);
    expect(findings.filter((f) => f.level === 'ok').map((f) => f.subject)).toEqual([
      'region',
      'template: MAIL_FROM',
      'template: log groups',
      'template: API stages',
    ]);
    expect(lines.at(-1)).toBe('0 errors, 1 warnings, 4 ok');
    expect(lines.join('\n')).toContain('run again with --aws');
  });

  it('stops Hong Kong without a mail region, and a template whose functions would send from a placeholder', async () => {
    const placeholder = await synthesized({});
    const { findings, lines } = await doctor({ region: 'ap-east-1', context: REAL, cdkOut: placeholder });
    expect(errors(findings)).toEqual(['region', 'template: MAIL_FROM']);
    expect(lines.join('\n')).toContain('-c winback:mailRegion=ap-southeast-1');
    expect(lines.join('\n')).toContain('the synthesized functions send from winback@example.com, a placeholder');
    expect(lines.at(-1)).toMatch(/^2 errors, .*fix the errors before deploying$/);
  }, 120_000);

  it("notices a template synthesized with other settings than the deploy's", async () => {
    const { findings } = await doctor({
      region: 'ap-east-1',
      context: [...REAL, 'winback:mailRegion=ap-southeast-1'],
      cdkOut: good,
    });
    expect(errors(findings)).toEqual([]);
    expect(findings.find((f) => f.subject === 'template')?.message).toContain('mail region none');
  });

  it('names a -c setting it cannot read', async () => {
    await expect(doctor({ region: 'ap-southeast-1', context: ['winback:mailFrom'] })).rejects.toThrow(
      'doctor: -c winback:mailFrom: expected key=value',
    );
  });
});

describe('winback doctor --aws', () => {
  const ses = mockClient(SESv2Client);
  const lambda = mockClient(LambdaClient);
  const cloudFormation = mockClient(CloudFormationClient);
  const clients = (region: string, mailRegion: string) => ({
    ses: new SESv2Client({ region: mailRegion }),
    lambda: new LambdaClient({ region }),
    cloudFormation: new Map(
      [...new Set([region, mailRegion])].map((r) => [r, new CloudFormationClient({ region: r })]),
    ),
  });

  afterEach(() => {
    ses.reset();
    lambda.reset();
    cloudFormation.reset();
  });

  it('reports a new account as it is: SES sandbox, sender unverified, 10 concurrent functions, no bootstrap, each with what to do', async () => {
    ses.on(GetAccountCommand).resolves({
      SendingEnabled: true,
      ProductionAccessEnabled: false,
      SendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 },
    });
    ses
      .on(GetEmailIdentityCommand)
      .rejects(Object.assign(new Error('Email identity not found'), { name: 'NotFoundException' }));
    lambda
      .on(GetAccountSettingsCommand)
      .resolves({ AccountLimit: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 } });
    cloudFormation
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('Stack with id CDKToolkit does not exist'), { name: 'ValidationError' }));
    const { findings } = await doctor(
      { region: 'ap-east-1', context: [...REAL, 'winback:mailRegion=ap-southeast-1'], cdkOut: good, aws: true },
      clients,
    );
    const about = (subject: string) => findings.filter((f) => f.subject === subject);
    expect(about('SES sandbox')).toEqual([
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining('200 emails a day, 1 a second, and only to verified addresses'),
      }),
    ]);
    expect(about('SES sender')).toEqual([
      expect.objectContaining({
        level: 'error',
        message: expect.stringContaining(
          'neither winback@chain.example.cn nor chain.example.cn is a verified identity in ap-southeast-1',
        ),
      }),
    ]);
    expect(ses.commandCalls(GetEmailIdentityCommand).map((call) => call.args[0].input.EmailIdentity)).toEqual([
      'winback@chain.example.cn',
      'chain.example.cn',
    ]);
    expect(about('Lambda concurrency')).toEqual([
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining('may run 10 functions at once'),
        fix: expect.stringContaining('Service Quotas'),
      }),
    ]);
    // Both regions a stack deploys to must be bootstrapped.
    expect(about('CDK bootstrap').map((f) => [f.level, f.fix])).toEqual([
      ['error', 'npx cdk bootstrap aws://<account>/ap-east-1'],
      ['error', 'npx cdk bootstrap aws://<account>/ap-southeast-1'],
    ]);
  });

  it("passes an account ready to deploy: production access, the sender's domain verified, concurrency and bootstrap", async () => {
    ses.on(GetAccountCommand).resolves({
      SendingEnabled: true,
      ProductionAccessEnabled: true,
      SendQuota: { Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 3 },
    });
    ses
      .on(GetEmailIdentityCommand, { EmailIdentity: 'winback@chain.example.cn' })
      .rejects(Object.assign(new Error('not found'), { name: 'NotFoundException' }));
    ses.on(GetEmailIdentityCommand, { EmailIdentity: 'chain.example.cn' }).resolves({ VerifiedForSendingStatus: true });
    lambda
      .on(GetAccountSettingsCommand)
      .resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 } });
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'CDKToolkit',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: '29' }],
        },
      ],
    });
    const { findings, lines } = await doctor(
      { region: 'ap-southeast-1', context: REAL, cdkOut: good, aws: true },
      clients,
    );
    expect(findings.filter((f) => f.level !== 'ok')).toEqual([]);
    expect(lines.join('\n')).toContain(
      'winback@chain.example.cn may send (verified as chain.example.cn in ap-southeast-1)',
    );
    expect(lines.at(-1)).toMatch(/^0 errors, 0 warnings/);
  });

  it('reports a check it could not make, with what to do, and goes on with the others', async () => {
    ses.on(GetAccountCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: ses:GetAccount'), {
        name: 'AccessDeniedException',
      }),
    );
    lambda
      .on(GetAccountSettingsCommand)
      .resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 900 } });
    cloudFormation
      .on(DescribeStacksCommand)
      .resolves({ Stacks: [{ StackName: 'CDKToolkit', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }] });
    const { findings } = await doctor({ region: 'ap-southeast-1', context: REAL, cdkOut: good, aws: true }, clients);
    expect(findings.find((f) => f.subject === 'SES')).toMatchObject({
      level: 'error',
      message: expect.stringContaining('AccessDeniedException'),
      fix: expect.stringContaining('--profile'),
    });
    expect(findings.find((f) => f.subject === 'Lambda concurrency')?.level).toBe('ok');
    expect(findings.find((f) => f.subject === 'CDK bootstrap')?.level).toBe('ok');
  });
});
