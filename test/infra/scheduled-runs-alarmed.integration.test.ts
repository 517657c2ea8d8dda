import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPORT_SCHEDULES } from '#shared/reports/report-schedules.ts';
import { SCAN_SCHEDULES } from '#shared/scan/scan-schedules.ts';
import { ALARMS } from '../../infra/operations.ts';
import { WinbackStack } from '../../infra/winback-stack.ts';
import { type Resource, type ResourceType, resourcesOf } from '../helpers/synthesized-template.ts';

let template: Template;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(new WinbackStack(app, 'Winback', { opsEmail: 'ops@chain.example' }));
});

const resources = <Type extends ResourceType>(type: Type) => resourcesOf(template, type);
const alarmsFor = (kind: keyof typeof ALARMS) =>
  resources('AWS::CloudWatch::Alarm').filter(([, alarm]) =>
    String(alarm.Properties.AlarmDescription).startsWith(ALARMS[kind]),
  );

describe('what runs on a schedule cannot fail unseen', () => {
  it('gives every schedule (scans, model fit, reports) an encrypted dead-letter queue that alarms when a message lands', () => {
    const [[queueId, queue]] = resources('AWS::SQS::Queue') as [[string, Resource<'AWS::SQS::Queue'>]];
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const schedules = resources('AWS::Scheduler::Schedule');
    // The scans, the model fit and the reports at least.
    expect(schedules.length).toBeGreaterThanOrEqual(SCAN_SCHEDULES.length + 1 + REPORT_SCHEDULES.length);
    for (const [id, schedule] of schedules)
      expect(schedule.Properties.Target.DeadLetterConfig, id).toEqual({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    const scans = schedules.filter(([, schedule]) => schedule.Properties.Target.Arn.Ref?.startsWith('Scan'));
    expect(scans).toHaveLength(SCAN_SCHEDULES.length);
    // The role a scan schedule runs as may put its undelivered start in the queue.
    for (const [id, schedule] of scans) {
      const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0];
      const allowed = resources('AWS::IAM::Policy')
        .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
        .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement)
        .filter((statement) => JSON.stringify(statement.Resource).includes(`"${queueId}"`))
        .flatMap((statement) => [statement.Action].flat());
      expect(allowed, id).toContain('sqs:SendMessage');
    }
    const [[, alarm]] = alarmsFor('DeadLetters') as [[string, Resource<'AWS::CloudWatch::Alarm'>]];
    expect(alarm.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
    });
  });

  it('alarms on a failed scan run (a segment that failed after its retries fails the run) and on customers a scan had to quarantine', () => {
    const [scanMachineId] = Object.keys(template.findResources('AWS::StepFunctions::StateMachine')).filter((id) =>
      id.startsWith('Scan'),
    );
    const [[, failedRuns]] = alarmsFor('ScanRunsFailed') as [[string, Resource<'AWS::CloudWatch::Alarm'>]];
    expect(failedRuns.Properties).toMatchObject({
      MetricName: 'ExecutionsFailed',
      Namespace: 'AWS/States',
      Threshold: 1,
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: scanMachineId } }],
    });
    const [[, quarantined]] = alarmsFor('CustomersQuarantined') as [[string, Resource<'AWS::CloudWatch::Alarm'>]];
    expect(quarantined.Properties).toMatchObject({
      MetricName: 'CustomersQuarantined',
      Namespace: 'Winback',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [{ Name: 'service', Value: 'winback' }],
    });
  });

  it('lets the scan function record quarantined customers in the rejected records table', () => {
    const [[scanId]] = resources('AWS::Lambda::Function').filter(([, fn]) =>
      String(fn.Properties.Description).startsWith('Scans one segment'),
    ) as [[string, unknown]];
    const scanRole = (
      template.findResources('AWS::Lambda::Function')[scanId] as {
        Properties: { Role: { 'Fn::GetAtt': [string, string] } };
      }
    ).Properties.Role['Fn::GetAtt'][0];
    const [rejectsId] = Object.keys(template.findResources('AWS::DynamoDB::Table')).filter((id) =>
      id.includes('RejectedRecords'),
    );
    const statements = resources('AWS::IAM::Policy')
      .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(`"${scanRole}"`))
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
    const onRejects = statements
      .filter((statement) => JSON.stringify(statement.Resource).includes(`"${rejectsId}"`))
      .flatMap((statement) => [statement.Action].flat());
    expect(onRejects).toContain('dynamodb:BatchWriteItem');
  });
});
