import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLES, type TableSpec } from '#shared/adapters/table-specs.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { SCAN_SCHEDULES } from '#shared/scan/scan-schedules.ts';
import { synthesizedDefinition } from '../../infra/local/synthesized-stack.ts';
import { WinbackStack } from '../../infra/winback-stack.ts';
import { type AslStates, type Resource, resourcesOf } from '../helpers/synthesized-template.ts';

const READ_ACTIONS = new Set([
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:GetItem',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
]);

let outdir: string;
let template: Template;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'winback-synth-'));
  const app = new App({ outdir });
  const stack = new WinbackStack(app, 'Winback');
  template = Template.fromStack(stack);
  app.synth();
});

/**
 * Every IAM statement but erasure's: erasure on request re-keys the ledger and the audit trail
 * under an anonymous id (deletes and puts), which no case step may do.
 */
function caseStatements(): Array<{ Action: string | string[]; Resource: unknown }> {
  return Object.entries(template.findResources('AWS::IAM::Policy'))
    .filter(([id]) => !id.startsWith('EraseCustomer'))
    .flatMap(
      ([, policy]) =>
        (
          policy as {
            Properties: { PolicyDocument: { Statement: Array<{ Action: string | string[]; Resource: unknown }> } };
          }
        ).Properties.PolicyDocument.Statement,
    );
}

/** Whether a synthesized table has the keys, indexes and TTL of a spec. */
function sameShape(properties: Resource<'AWS::DynamoDB::Table'>['Properties'], spec: TableSpec): boolean {
  return (
    properties.KeySchema[0].AttributeName === spec.partitionKey.name &&
    (properties.KeySchema[1]?.AttributeName ?? null) === (spec.sortKey?.name ?? null) &&
    (properties.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).join() ===
      (spec.indexes ?? []).map((index) => index.name).join() &&
    (properties.TimeToLiveSpecification?.AttributeName ?? null) === (spec.ttlAttribute ?? null)
  );
}

/** The logical id of the function whose description starts with `text`. */
function functionWith(text: string): [string, Record<string, unknown>] {
  const functions = template.findResources('AWS::Lambda::Function', {
    Properties: { Description: Match.stringLikeRegexp(`^${text}`) },
  });
  const entries = Object.entries(functions);
  expect(entries, text).toHaveLength(1);
  return entries[0] as [string, Record<string, unknown>];
}

describe('the CDK app, synthesized offline without credentials', () => {
  it('runs every function on Node 24, ARM64, with source maps, tracing and a log group', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Array<{
      Properties: Record<string, unknown>;
    }>;
    const ours = functions.filter((fn) => typeof fn.Properties.Description === 'string');
    expect(ours.length).toBeGreaterThanOrEqual(4);
    for (const fn of ours) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
      });
    }
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('deploys every table of the shared specs: on demand, PITR, customer-managed key, deletion protection, TTL', () => {
    const tables = resourcesOf(template, 'AWS::DynamoDB::Table').map(([, table]) => table);
    expect(tables).toHaveLength(Object.keys(TABLES).length);
    for (const spec of Object.values(TABLES) as TableSpec[]) {
      const table = tables.find((t) => sameShape(t.Properties, spec));
      expect(table, spec.id).toBeDefined();
      expect(table?.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: expect.anything() },
        DeletionProtectionEnabled: true,
      });
      expect(table?.DeletionPolicy).toBe('Retain');
    }
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it("schedules the daily, monthly and weekly scans in the policy's time zone, naming each run by its scheduled time", () => {
    const all = resourcesOf(template, 'AWS::Scheduler::Schedule').map(([, schedule]) => schedule);
    const schedules = all.filter((s) => s.Properties.Target.Arn.Ref?.startsWith('Scan'));
    expect(schedules.map((s) => s.Properties.ScheduleExpression).sort()).toEqual(
      ['cron(0 2 * * ? *)', 'cron(0 3 1 * ? *)', 'cron(0 8 ? * MON *)'].sort(),
    );
    for (const schedule of schedules) {
      expect(schedule.Properties.ScheduleExpressionTimezone).toBe('Asia/Shanghai');
      const input = JSON.parse(schedule.Properties.Target.Input);
      expect(input).toMatchObject({
        runId: `${input.kind}-<aws.scheduler.scheduled-time>`,
        asOf: '<aws.scheduler.scheduled-time>',
        totalSegments: 8,
      });
    }
    expect(schedules).toHaveLength(SCAN_SCHEDULES.length);
  });

  it('fits the return models monthly, after the monthly screening, as of the scheduled time', () => {
    const all = resourcesOf(template, 'AWS::Scheduler::Schedule').map(([, schedule]) => schedule);
    const fits = all.filter((s) => s.Properties.Target.Arn['Fn::GetAtt']?.[0]?.startsWith('ModelFit'));
    expect(
      fits.map((s) => [
        s.Properties.ScheduleExpression,
        s.Properties.ScheduleExpressionTimezone,
        JSON.parse(s.Properties.Target.Input),
      ]),
    ).toEqual([['cron(0 4 1 * ? *)', 'Asia/Shanghai', { asOf: '<aws.scheduler.scheduled-time>' }]]);
  });

  it('builds and sends each report on its schedule, as of the scheduled time, into a private encrypted bucket', () => {
    const all = resourcesOf(template, 'AWS::Scheduler::Schedule').map(([, schedule]) => schedule);
    const reports = all.filter((s) => s.Properties.Target.Arn['Fn::GetAtt']?.[0]?.startsWith('ReportRun'));
    expect(
      reports
        .map((s) => [
          JSON.parse(s.Properties.Target.Input).kind,
          s.Properties.ScheduleExpression,
          s.Properties.ScheduleExpressionTimezone,
        ])
        .sort(),
    ).toEqual(
      [
        ['weekly', 'cron(0 9 ? * MON *)', 'Asia/Shanghai'],
        ['risk-list', 'cron(0 7 1 * ? *)', 'Asia/Shanghai'],
        ['evaluation', 'cron(30 7 1 * ? *)', 'Asia/Shanghai'],
        ['kpis', 'cron(0 8 1 * ? *)', 'Asia/Shanghai'],
        ['churn-reasons', 'cron(30 8 1 * ? *)', 'Asia/Shanghai'],
        ['quarterly', 'cron(0 9 1 1,4,7,10 ? *)', 'Asia/Shanghai'],
      ].sort(),
    );
    for (const schedule of reports)
      expect(JSON.parse(schedule.Properties.Target.Input).asOf).toBe('<aws.scheduler.scheduled-time>');
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REPORTS_BUCKET: Match.anyValue(), MAIL_FROM: Match.anyValue() }) },
    });
  });

  it('fans a scan out over the segments with a Map, looping a segment that outlasts one invocation', () => {
    const machines = resourcesOf(template, 'AWS::StepFunctions::StateMachine').filter(([id]) => id.startsWith('Scan'));
    expect(machines).toHaveLength(1);
    const definition = JSON.stringify(machines[0]![1].Properties.DefinitionString);
    expect(definition).toContain('States.ArrayRange(0, States.MathAdd($.totalSegments, -1), 1)');
    expect(definition).toContain('\\"Type\\":\\"Map\\"');
    expect(definition).toContain('$.result.nextKey');
  });

  it("opens the run's cases in one step after every segment has raised its alerts, again while it runs out of time", () => {
    const states = synthesizedDefinition('Scan').States as AslStates;
    expect(states.EachSegment?.Next).toBe('OpenCases');
    expect(states.OpenCases).toMatchObject({
      Parameters: { step: 'open-cases', 'runId.$': '$.runId', 'asOf.$': '$.asOf' },
      ResultPath: '$.opening',
      Next: 'MoreToOpen?',
    });
    expect(states['MoreToOpen?']).toMatchObject({
      Choices: [{ Variable: '$.opening.more', IsPresent: true, Next: 'OpenCases' }],
      Default: 'AllScanned?',
    });
  });

  it("runs each alert's case as a Standard execution whose tasks all have explicit timeouts and jittered retries", () => {
    const machines = Object.entries(template.findResources('AWS::StepFunctions::StateMachine')).filter(([id]) =>
      id.startsWith('Case'),
    );
    expect(machines).toHaveLength(1);
    const definition = JSON.stringify(machines[0]?.[1]);
    expect(definition).toContain('\\"Verify\\":{\\"Next\\":\\"Recovered?\\"');
    expect(definition).toContain('\\"TimeoutSeconds\\":60');
    expect(definition).toContain('\\"JitterStrategy\\":\\"FULL\\"');
    const [, scanFunction] = functionWith('Scans one segment');
    const roleId = (scanFunction as { Properties: { Role: { 'Fn::GetAtt': [string, string] } } }).Properties.Role[
      'Fn::GetAtt'
    ][0];
    const scanPolicy = Object.values(template.findResources('AWS::IAM::Policy')).find((policy) =>
      JSON.stringify((policy as { Properties: { Roles: unknown } }).Properties.Roles).includes(`"${roleId}"`),
    );
    expect(JSON.stringify(scanPolicy)).toContain('states:StartExecution');
    expect(JSON.stringify(scanPolicy)).toContain(machines[0]?.[0]);
  });

  it('waits for the response plan with a task token until its deadline, records a breach when it passes, and asks again when the step is handed over', () => {
    const states = synthesizedDefinition('Case').States as AslStates;
    expect(states.AwaitResponsePlan).toMatchObject({
      Resource: expect.stringMatching(/:states:::lambda:invoke\.waitForTaskToken$/),
      TimeoutSecondsPath: '$.wait.seconds',
      Parameters: { Payload: { 'taskToken.$': '$$.Task.Token' } },
      Catch: [
        { ErrorEquals: ['Case.StepHandedOver'], Next: 'AwaitResponsePlan' },
        { ErrorEquals: ['States.Timeout'], Next: 'ResponsePlanBreach' },
        { ErrorEquals: ['States.ALL'], Next: 'RecordFailure' },
      ],
    });
    // A hand-over is never retried as a failure: the first retrier that matches it allows no attempt.
    const retriers = states.AwaitResponsePlan!.Retry!.map((retrier) => retrier.ErrorEquals.join(','));
    const handOver = retriers.indexOf('Case.StepHandedOver');
    expect(states.AwaitResponsePlan?.Retry?.[handOver]).toMatchObject({ MaxAttempts: 0 });
    expect(handOver).toBeLessThan(retriers.indexOf('States.TaskFailed'));
    expect(states.ResponsePlanBreach?.Next).toBe('ResponsePlanNextRound');
    expect(states['ResponsePlanRoundsLeft?']?.Default).toBe('NoResponsePlan');
    expect(states.NoResponsePlan).toMatchObject({ Type: 'Pass', Next: 'RecordFailure' });
    expect(states.AwaitContact).toMatchObject({
      TimeoutSecondsPath: '$.wait.seconds',
      Catch: [{ Next: 'AwaitContact' }, { Next: 'ContactBreach' }, { Next: 'RecordFailure' }],
    });
    expect(states['Refused?']).toMatchObject({
      Choices: [{ Variable: '$.contact.contact.result', StringEquals: 'refused', Next: 'CloseRefused' }],
      Default: 'Execute',
    });
    expect(states['ApprovalNeeded?']).toMatchObject({ Default: 'StartTracking' });
    expect(states['ApprovalNeeded?']?.Choices?.[0]).toMatchObject({ StringEquals: 'approve', Next: 'ApprovalWindow' });
    expect(states.AwaitApproval?.Next).toBe('Execute');
    expect(states['ApprovalNeeded?']?.Choices?.[1]).toMatchObject({ StringEquals: 'rejected', Next: 'RevisePlan' });
    expect(states.AwaitRevisedPlan?.Next).toBe('Execute');
    expect(states.UntilFollowUp).toMatchObject({ Type: 'Wait', SecondsPath: '$.track.seconds', Next: 'FollowUp' });
  });

  it('lets no case stop unrecorded: every task catches what its retries could not fix, records it on the case and fails the execution with the error', () => {
    const states = synthesizedDefinition('Case').States as AslStates;
    const tasks = Object.entries(states).filter(([, state]) => state.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(10);
    for (const [name, state] of tasks) {
      const last = state.Catch!.at(-1);
      expect(last?.ErrorEquals, name).toEqual(['States.ALL']);
      expect(last?.Next, name).toBe(name === 'RecordFailure' ? 'FailureNotRecorded' : 'RecordFailure');
      expect(state.Retry?.length, name).toBeGreaterThan(0);
    }
    expect(states.RecordFailure?.Next).toBe('CaseFailed');
    expect(states.CaseFailed).toEqual({ Type: 'Fail', ErrorPath: '$.failed.error', CausePath: '$.failed.cause' });
  });

  it('keeps the link secret in Secrets Manager: functions get its ARN, never its value', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const [, notifyFunction] = functionWith('Case step 2');
    const variables = (notifyFunction as { Properties: { Environment: { Variables: Record<string, unknown> } } })
      .Properties.Environment.Variables;
    expect(variables).toHaveProperty('LINK_SECRET_ARN');
    expect(variables).not.toHaveProperty('LINK_SECRET');
  });

  it('lets only the execute step write the benefit ledger, and only add to it', () => {
    const ledgerId = Object.keys(template.findResources('AWS::DynamoDB::Table')).find((id) =>
      id.includes(TABLES.ledger.id),
    )!;
    const statements = caseStatements();
    // Reading is for the reports; writing is the execute step's alone.
    const writes = statements.filter(
      (statement) =>
        JSON.stringify(statement.Resource).includes(ledgerId) &&
        [statement.Action].flat().some((action) => !READ_ACTIONS.has(action)),
    );
    expect(writes).toHaveLength(1);
    expect([writes[0]?.Action].flat()).toEqual(['dynamodb:PutItem']);
  });

  it('lets the case steps only append to the audit trail, never change it', () => {
    const auditId = Object.keys(template.findResources('AWS::DynamoDB::Table')).find((id) =>
      id.includes(TABLES.audit.id),
    )!;
    const statements = caseStatements();
    const onAudit = statements.filter((statement) => JSON.stringify(statement.Resource).includes(auditId));
    expect(
      onAudit.filter((statement) => [statement.Action].flat().includes('dynamodb:PutItem')).length,
    ).toBeGreaterThan(0);
    const changes = onAudit
      .flatMap((statement) => [statement.Action].flat())
      .filter((action) => !READ_ACTIONS.has(action));
    expect(new Set(changes)).toEqual(new Set(['dynamodb:PutItem']));
  });

  it("lets only the privacy officer's role call the erasure route, which the function checks again", () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /v1/erasures',
      AuthorizationType: 'AWS_IAM',
    });
    const [officerId] = Object.keys(template.findResources('AWS::IAM::Role')).filter((id) =>
      id.startsWith('PrivacyOfficer'),
    );
    const officerPolicy = Object.values(template.findResources('AWS::IAM::Policy')).find((policy) =>
      JSON.stringify(policy.Properties.Roles).includes(`"${officerId}"`),
    );
    expect(officerPolicy?.Properties.PolicyDocument.Statement).toHaveLength(1);
    expect(JSON.stringify(officerPolicy?.Properties.PolicyDocument.Statement[0])).toMatch(
      /"Action":"execute-api:Invoke".*\/POST\/v1\/erasures/,
    );
    const [, erase] = functionWith('POST /v1/erasures');
    expect(
      (erase as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment
        .Variables.ERASURE_ROLE_NAME,
    ).toEqual({ Ref: officerId });
  });

  it('lets only the named privacy officers assume the erasure role when the chain names them', () => {
    const named = Template.fromStack(
      new WinbackStack(new App(), 'Winback', { privacyOfficers: ['arn:aws:iam::123456789012:role/DataProtection'] }),
    );
    const [officer] = Object.entries(named.findResources('AWS::IAM::Role')).filter(([id]) =>
      id.startsWith('PrivacyOfficer'),
    );
    expect(officer?.[1].Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::123456789012:role/DataProtection' },
      }),
    ]);
  });

  it('outputs the table names as the CLI reads them, for commands run against the deployment', () => {
    const value = JSON.stringify(template.findOutputs('TableEnvironment'));
    for (const spec of Object.values(TABLES)) expect(value).toContain(`${spec.envVar}=`);
  });

  it('requires IAM-signed requests on the ingestion routes', () => {
    for (const route of ['POST /v1/events', 'POST /v1/customers']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: route, AuthorizationType: 'AWS_IAM' });
    }
  });

  it('keeps contact data away from the scan: only profile ingestion, erasure and the link pages may touch the contacts table', () => {
    const contactsId = Object.keys(template.findResources('AWS::DynamoDB::Table')).find((id) =>
      id.includes(TABLES.contacts.id),
    );
    expect(contactsId).toBeDefined();
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([, policy]) =>
      JSON.stringify(policy).includes(contactsId!),
    );
    // And erasure, which reads a customer's contact data only to find and delete it, and the link
    // pages, which read one customer's (GetItem alone) for the owner who must call them.
    expect(policies.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(/^CasePage/),
      expect.stringMatching(/^EraseCustomer/),
      expect.stringMatching(/^IngestCustomers/),
    ]);
    const pageActions = policies
      .find(([id]) => id.startsWith('CasePage'))![1]
      .Properties.PolicyDocument.Statement.filter((s: { Resource: unknown }) =>
        JSON.stringify(s.Resource).includes(contactsId!),
      )
      .flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(pageActions).toEqual(['dynamodb:GetItem']);
  });

  it('bundles handlers that run: the deployed scoring code scores a customer', async () => {
    const [, fn] = functionWith('Scores one customer');
    const key = (fn as { Properties: { Code: { S3Key: string } } }).Properties.Code.S3Key.replace(/\.zip$/, '');
    const { handler } = (await import(pathToFileURL(join(outdir, `asset.${key}`, 'index.mjs')).href)) as {
      handler: (event: unknown, context: unknown) => Promise<{ level: number; indicators: Array<{ id: string }> }>;
    };
    const score = await handler(
      {
        customer: {
          customerId: 'C1',
          storeId: 'S1',
          segment: 'regular',
          events: [{ eventId: 'e', type: 'visit', at: '2026-08-01T19:00:00+08:00', amount: 100 }],
        },
        asOf: '2026-11-23T12:00:00+08:00',
      },
      { functionName: 'ScoreCustomer', awsRequestId: 'test' },
    );
    expect(score.level).toBe(1);
    expect(score.indicators.map((finding) => finding.id)).toEqual(['visit_gap']);
  });

  it("compiles a chain's own policy file into the functions, so the deployed code scores by it", async () => {
    const own = { ...presetPolicy('script-kill'), version: 'our-chain/2027.1' };
    const ownDir = await mkdtemp(join(tmpdir(), 'winback-synth-own-'));
    const ownTemplate = Template.fromStack(new WinbackStack(new App({ outdir: ownDir }), 'Winback', { policy: own }));
    const [, fn] = Object.entries(ownTemplate.findResources('AWS::Lambda::Function')).find(([, f]) =>
      String(f.Properties.Description).includes('Scores one customer'),
    )!;
    expect(fn.Properties.Environment.Variables.WINBACK_POLICY).toBe('file');
    const key = (fn as { Properties: { Code: { S3Key: string } } }).Properties.Code.S3Key.replace(/\.zip$/, '');
    const { handler } = (await import(pathToFileURL(join(ownDir, `asset.${key}`, 'index.mjs')).href)) as {
      handler: (event: unknown, context: unknown) => Promise<{ policyVersion: string }>;
    };
    const customer = {
      customerId: 'C1',
      storeId: 'S1',
      segment: 'regular',
      events: [{ eventId: 'e', type: 'visit', at: '2026-08-01T19:00:00+08:00', amount: 100 }],
    };
    expect(
      (
        await handler(
          { customer, asOf: '2026-11-23T12:00:00+08:00' },
          { functionName: 'ScoreCustomer', awsRequestId: 't' },
        )
      ).policyVersion,
    ).toBe('our-chain/2027.1');
    expect(
      (
        await handler(
          { customer, asOf: '2026-11-23T12:00:00+08:00', preset: 'esports' },
          { functionName: 'ScoreCustomer', awsRequestId: 't' },
        )
      ).policyVersion,
    ).toMatch(/^esports\//);
  }, 120_000);
});
