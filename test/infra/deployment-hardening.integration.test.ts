import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { INGEST_THROTTLE } from '../../infra/ingest-api.ts';
import { LINKS_THROTTLE } from '../../infra/links-api.ts';
import { WinbackStack } from '../../infra/winback-stack.ts';
import { type Resource, type ResourceType, resourcesOf } from '../helpers/synthesized-template.ts';

/** The context `cdk synth` runs with: cdk.json's feature flags. */
const cdkJsonContext = (JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> }).context;
const recommended = JSON.parse(
  readFileSync('node_modules/aws-cdk-lib/recommended-feature-flags.json', 'utf8'),
) as Record<string, unknown>;

let template: Template;

beforeAll(() => {
  // As `cdk synth` builds it (cdk.json's flags), bundling skipped: these checks read the template.
  const app = new App({ context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(
    new WinbackStack(app, 'Winback', { mailFrom: 'winback@chain.example.cn', opsEmail: 'ops@chain.example.cn' }),
  );
});

const resources = <Type extends ResourceType>(type: Type) => resourcesOf(template, type);

describe('the stack as deployed', () => {
  it('sets every feature flag `cdk init` sets for the pinned aws-cdk-lib, as it recommends them', () => {
    expect(Object.keys(recommended).length).toBeGreaterThan(80);
    for (const [flag, value] of Object.entries(recommended)) expect(cdkJsonContext[flag], flag).toEqual(value);
  });

  it("lets S3 write the reports bucket's access logs through a bucket policy, not the deprecated ACL", () => {
    for (const [id, bucket] of resources('AWS::S3::Bucket'))
      expect(bucket.Properties.AccessControl, id).toBeUndefined();
    const [[logsId]] = resources('AWS::S3::Bucket').filter(
      ([, bucket]) => bucket.Properties.LifecycleConfiguration,
    ) as [[string, unknown]];
    const [[, policy]] = resources('AWS::S3::BucketPolicy').filter(([, p]) =>
      JSON.stringify(p.Properties.Bucket).includes(logsId),
    ) as [[string, Resource<'AWS::S3::BucketPolicy'>]];
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: 's3:PutObject',
        Principal: { Service: 'logging.s3.amazonaws.com' },
      }),
    );
  });

  it("encrypts every log group (functions, API stages, state machines) with the data key, which CloudWatch Logs may use for this account's log groups only", () => {
    const [[keyId, key]] = resources('AWS::KMS::Key').filter(([id]) => id.startsWith('DataDataKey')) as [
      [string, Resource<'AWS::KMS::Key'>],
    ];
    const logGroups = resources('AWS::Logs::LogGroup');
    const functions = resources('AWS::Lambda::Function').filter(([, fn]) => fn.Properties.LoggingConfig);
    expect(logGroups.length).toBeGreaterThanOrEqual(functions.length + 2 + 2);
    for (const [id, group] of logGroups)
      expect(group.Properties.KmsKeyId, id).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const forLogs = key.Properties.KeyPolicy.Statement.find((statement) =>
      JSON.stringify(statement.Principal).includes('logs.'),
    );
    expect(forLogs).toMatchObject({
      Effect: 'Allow',
      Action: expect.arrayContaining(['kms:Encrypt*', 'kms:GenerateDataKey*']),
    });
    expect(JSON.stringify(forLogs?.Principal)).toContain('"logs.",{"Ref":"AWS::Region"},".amazonaws.com"');
    expect(JSON.stringify(forLogs?.Condition?.ArnLike?.['kms:EncryptionContext:aws:logs:arn'])).toContain(
      ':log-group:*',
    );
  });

  it('throttles both API stages: the links pages and ingestion', () => {
    const stages = resources('AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(2);
    const throttles = stages.map(([, stage]) => stage.Properties.DefaultRouteSettings);
    expect(throttles).toContainEqual({
      ThrottlingRateLimit: LINKS_THROTTLE.rateLimit,
      ThrottlingBurstLimit: LINKS_THROTTLE.burstLimit,
    });
    expect(throttles).toContainEqual({
      ThrottlingRateLimit: INGEST_THROTTLE.rateLimit,
      ThrottlingBurstLimit: INGEST_THROTTLE.burstLimit,
    });
  });
});

describe('a chain whose region has no SES, sending through a mail region', () => {
  let app: App;
  let main: Template;
  let mail: Template;

  beforeAll(() => {
    app = new App({ context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [] } });
    const stack = new WinbackStack(app, 'Winback', {
      mailFrom: 'winback@chain.example.cn',
      mailRegion: 'ap-southeast-1',
    });
    main = Template.fromStack(stack);
    mail = Template.fromStack(stack.mailStack!);
  });

  it('puts the configuration set and its feedback topic in a stack of their own in the mail region, deployed first', () => {
    const stacks = app.synth().stacks;
    expect(stacks.map((stack) => [stack.stackName, stack.environment.region])).toEqual(
      expect.arrayContaining([
        ['Winback', 'unknown-region'],
        ['WinbackMail', 'ap-southeast-1'],
      ]),
    );
    expect(
      stacks.find((stack) => stack.stackName === 'Winback')?.dependencies.map((dependency) => dependency.id),
    ).toContain('WinbackMail');
    mail.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'Winback-mail' });
    mail.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: Match.anyValue(),
      EventDestination: { MatchingEventTypes: ['bounce', 'complaint'] },
    });
    mail.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'Winback-mail-feedback' });
    main.resourceCountIs('AWS::SES::ConfigurationSet', 0);
  });

  it('sends from the mail region under its configuration set, and subscribes the feedback function to its topic there', () => {
    const senders = Object.values(main.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Environment?.Variables?.MAIL_FROM,
    );
    expect(senders.length).toBeGreaterThanOrEqual(7);
    for (const fn of senders)
      expect(fn.Properties.Environment.Variables).toMatchObject({
        MAIL_REGION: 'ap-southeast-1',
        MAIL_CONFIGURATION_SET: 'Winback-mail',
      });
    const sendStatements = Object.values(main.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: unknown; Resource: unknown }>)
      .filter((statement) => JSON.stringify(statement.Action).includes('ses:SendEmail'));
    expect(sendStatements.length).toBeGreaterThan(0);
    for (const statement of sendStatements) {
      expect(JSON.stringify(statement.Resource)).toContain(':ses:ap-southeast-1:');
      expect(JSON.stringify(statement.Resource)).toContain('configuration-set/Winback-mail');
    }
    const [[, subscription]] = resourcesOf(main, 'AWS::SNS::Subscription', { Properties: { Protocol: 'lambda' } }) as [
      [string, Resource<'AWS::SNS::Subscription'>],
    ];
    expect(subscription.Properties.Region).toBe('ap-southeast-1');
    expect(JSON.stringify(subscription.Properties.TopicArn)).toContain(':sns:ap-southeast-1:');
    expect(JSON.stringify(subscription.Properties.TopicArn)).toContain(':Winback-mail-feedback');
    main.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'sns.amazonaws.com',
      SourceArn: subscription.Properties.TopicArn,
    });
  });
});
