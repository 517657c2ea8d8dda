import type { Template } from 'aws-cdk-lib/assertions';

/**
 * What the infra tests read of a synthesized CloudFormation template, described by resource type:
 * `Template.findResources` types every resource as `any`, so a misspelt property would read as
 * `undefined` and an assertion on it could pass for the wrong reason. Only what some test reads is
 * described; values the tests compare whole or search as JSON stay `unknown`.
 */

/** `{ "Fn::GetAtt": [logicalId, attribute] }`: an attribute of another resource of the template. */
export interface GetAtt {
  'Fn::GetAtt': [string, string];
}

/** An IAM or key policy statement; its principal, resource and condition may hold references. */
export interface PolicyStatement {
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  Statement: PolicyStatement[];
}

interface ResourceProperties {
  'AWS::ApiGatewayV2::Stage': { DefaultRouteSettings: unknown };
  'AWS::CloudWatch::Alarm': { AlarmDescription: string; AlarmActions: unknown };
  'AWS::CloudWatch::Dashboard': { DashboardBody: unknown };
  'AWS::DynamoDB::Table': {
    KeySchema: [{ AttributeName: string }, { AttributeName: string }?];
    GlobalSecondaryIndexes?: Array<{ IndexName: string }>;
    TimeToLiveSpecification?: { AttributeName: string };
  };
  'AWS::IAM::Policy': { PolicyDocument: PolicyDocument; Roles: unknown };
  'AWS::KMS::Key': { KeyPolicy: PolicyDocument };
  'AWS::Lambda::EventInvokeConfig': Record<string, unknown>;
  'AWS::Lambda::Function': { Description?: string; LoggingConfig?: unknown };
  'AWS::Logs::LogGroup': { KmsKeyId: unknown };
  'AWS::S3::Bucket': { AccessControl?: string; LifecycleConfiguration?: unknown };
  'AWS::S3::BucketPolicy': { Bucket: unknown; PolicyDocument: PolicyDocument };
  'AWS::Scheduler::Schedule': {
    ScheduleExpression: string;
    ScheduleExpressionTimezone: string;
    Target: {
      /** `{ Ref }` for a state machine, `{ "Fn::GetAtt" }` for a function. */
      Arn: { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      RoleArn: GetAtt;
      /** The JSON the target is started with. */
      Input: string;
      DeadLetterConfig: unknown;
    };
  };
  'AWS::SES::ConfigurationSet': Record<string, unknown>;
  'AWS::SNS::Subscription': { Region?: string; TopicArn: unknown };
  'AWS::SNS::Topic': { KmsMasterKeyId?: unknown };
  'AWS::SQS::Queue': { SqsManagedSseEnabled?: boolean };
  'AWS::StepFunctions::StateMachine': { DefinitionString: unknown };
}

export type ResourceType = keyof ResourceProperties;

export interface Resource<Type extends ResourceType> {
  Properties: ResourceProperties[Type];
  DeletionPolicy?: string;
}

/** The resources of a type (those matching `props`, when given), each with its logical id. */
export function resourcesOf<Type extends ResourceType>(
  template: Template,
  type: Type,
  props?: Record<string, unknown>,
): Array<[string, Resource<Type>]> {
  return Object.entries(template.findResources(type, props)) as Array<[string, Resource<Type>]>;
}

/** A state of an Amazon States Language definition, as the workflow tests read it. */
export interface AslState {
  Type: string;
  Next?: string;
  Default?: string;
  Choices?: Array<Record<string, unknown>>;
  TimeoutSeconds?: number;
  Retry?: Array<{ ErrorEquals: string[]; MaxAttempts?: number; JitterStrategy?: string }>;
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  /** A Map state's iteration. */
  ItemProcessor?: { States: Record<string, AslState> };
}

/** A synthesized state machine's states, by name. */
export type AslStates = Record<string, AslState>;
