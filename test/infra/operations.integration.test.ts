import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALARMS } from '../../infra/operations.ts';
import { WinbackStack } from '../../infra/winback-stack.ts';
import { type Resource, type ResourceType, resourcesOf } from '../helpers/synthesized-template.ts';

let template: Template;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(
    new WinbackStack(app, 'Winback', { mailFrom: 'winback@chain.example', opsEmail: 'ops@chain.example' }),
  );
});

const resources = <Type extends ResourceType>(type: Type) => resourcesOf(template, type);

describe('operations in the synthesized template', () => {
  it('sends every alarm to an encrypted ops topic that emails ops', () => {
    const [[topicId, topic]] = resources('AWS::SNS::Topic').filter(([id]) => id.startsWith('OperationsOpsAlerts')) as [
      [string, Resource<'AWS::SNS::Topic'>],
    ];
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@chain.example',
      TopicArn: { Ref: topicId },
    });
    const alarms = resources('AWS::CloudWatch::Alarm');
    for (const [id, alarm] of alarms) expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topicId }]);
    // One per kind, and one error-rate alarm per function.
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Metadata?.['winback:handler'],
    );
    const described = (kind: keyof typeof ALARMS) =>
      alarms.filter(([, alarm]) => String(alarm.Properties.AlarmDescription).startsWith(ALARMS[kind]));
    expect(described('CaseExecutionsFailed')).toHaveLength(1);
    expect(described('ScanRunsFailed')).toHaveLength(1);
    expect(described('DeadLetters')).toHaveLength(1);
    expect(described('BreachRate')).toHaveLength(1);
    expect(described('PageErrors')).toHaveLength(1);
    expect(described('PageErrors')[0]?.[1].Properties).toMatchObject({
      MetricName: 'PageErrors',
      Namespace: 'Winback',
      Threshold: 1,
    });
    expect(described('FunctionErrors')).toHaveLength(functions.length);
    expect(described('CaseExecutionsFailed')[0]?.[1].Properties).toMatchObject({
      MetricName: 'ExecutionsFailed',
      Namespace: 'AWS/States',
      Threshold: 1,
    });
    expect(described('BreachRate')[0]?.[1].Properties).toMatchObject({
      MetricName: 'Breaches',
      Namespace: 'Winback',
      Period: 86400,
      Threshold: 20,
    });
  });

  it('keeps what a scheduled run could not do: the model fit, the reports and the morning digest have a dead-letter queue, on the schedule and on the function', () => {
    const [[queueId]] = resources('AWS::SQS::Queue') as [[string, unknown]];
    const scheduled = resources('AWS::Scheduler::Schedule').filter(([, s]) => s.Properties.Target.Arn['Fn::GetAtt']);
    // Six reports, the model fit and the morning digest.
    expect(scheduled.length).toBe(8);
    for (const [id, schedule] of scheduled)
      expect(schedule.Properties.Target.DeadLetterConfig, id).toEqual({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    const onFailure = resources('AWS::Lambda::EventInvokeConfig');
    expect(onFailure).toHaveLength(3);
    for (const [, config] of onFailure)
      expect(config.Properties).toMatchObject({
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      });
  });

  it('draws the case funnel on a dashboard: alerts, cases started, cases closed by outcome, breaches, answer times', () => {
    const [[, dashboard]] = resources('AWS::CloudWatch::Dashboard') as [
      [string, Resource<'AWS::CloudWatch::Dashboard'>],
    ];
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const piece of [
      'AlertsRaisedLevel1',
      'AlertsRaisedLevel3',
      'CasesStarted',
      'CasesClosed',
      'recovered',
      'refused',
      'lost',
      'failed',
      'Breaches',
      'StepAnswerSeconds',
      'approval',
    ])
      expect(body).toContain(piece);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardBody: Match.anyValue() });
  });
});

describe('mail feedback in the synthesized template', () => {
  it('sends every email under a configuration set whose bounces and complaints reach the feedback function', () => {
    const [[setId]] = resources('AWS::SES::ConfigurationSet') as [[string, unknown]];
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: setId },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: Match.anyValue(),
      },
    });
    const [feedbackId] = Object.keys(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^SES bounces') },
      }),
    );
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [feedbackId, 'Arn'] },
    });
    const senders = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Environment?.Variables?.MAIL_FROM,
    );
    expect(senders.length).toBeGreaterThanOrEqual(7);
    for (const fn of senders)
      expect(fn.Properties.Environment.Variables.MAIL_CONFIGURATION_SET).toEqual({ Ref: setId });
  });
});
