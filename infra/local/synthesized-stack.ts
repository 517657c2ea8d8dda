import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Policy } from '#shared/policy/policy-schema.ts';
import { DEFAULT_PRESET } from '#shared/policy/presets/preset-catalog.ts';
import { HANDLER_METADATA } from '../winback-function.ts';
import { WinbackStack } from '../winback-stack.ts';

type Intrinsic = string | { 'Fn::Join'?: [string, Intrinsic[]]; 'Fn::GetAtt'?: [string, string]; Ref?: string };

/** The account local ARNs carry: no AWS account is involved. */
export const LOCAL_ACCOUNT = '123456789012';

/** The ARN a synthesized function reference stands for locally: its logical id is the function name. */
export const localFunctionArn = (logicalId: string, region: string): string =>
  `arn:aws:lambda:${region}:${LOCAL_ACCOUNT}:function:${logicalId}`;

/** Renders the intrinsic functions of a synthesized string: pseudo parameters, and references as local function ARNs. */
function render(value: Intrinsic, region: string): string {
  if (typeof value === 'string') return value;
  if (value['Fn::Join']) return value['Fn::Join'][1].map((part) => render(part, region)).join(value['Fn::Join'][0]);
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': region,
    'AWS::AccountId': LOCAL_ACCOUNT,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  if (value.Ref !== undefined && pseudo[value.Ref] !== undefined) return pseudo[value.Ref] as string;
  return localFunctionArn(value['Fn::GetAtt']?.[0] ?? value.Ref ?? 'Unknown', region);
}

export interface SynthesizedStateMachine {
  logicalId: string;
  /** Its logical id without CDK's hash ("CaseStateMachine"), which names it locally. */
  name: string;
  definition: Record<string, unknown>;
}

export interface SynthesizedSchedule {
  logicalId: string;
  /** As EventBridge Scheduler reads it, e.g. cron(0 2 * * ? *). */
  expression: string;
  timeZone: string;
  /** What it starts: a state machine (StartExecution) or a function (Invoke), by logical id. */
  target: { kind: 'stateMachine' | 'function'; logicalId: string };
  /** The target input, with <aws.scheduler.scheduled-time> still in it. */
  input: string;
}

export interface SynthesizedFunction {
  logicalId: string;
  /** Its module under functions/, as the stack bundles it. */
  handlerModule: string;
  timeoutSeconds: number;
}

export interface SynthesizedRoute {
  method: string;
  /** An API Gateway path template such as /c/{token}. */
  path: string;
  functionLogicalId: string;
}

/**
 * What `cdk synth` produces for the Winback stack, read back for the local runtime: the state
 * machine definitions, the functions and their handler modules, and the HTTP routes. The local
 * stack runs these, not a copy of them.
 */
export class SynthesizedStack {
  static #cache = new Map<string, SynthesizedStack>();

  static of(policy: string | Policy = DEFAULT_PRESET, region = 'ap-southeast-1'): SynthesizedStack {
    const key = `${typeof policy === 'string' ? policy : policy.version}@${region}`;
    let stack = SynthesizedStack.#cache.get(key);
    if (stack === undefined) {
      // Bundling is skipped: the local runtime runs the handler modules themselves, not the bundles.
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
      stack = new SynthesizedStack(
        Template.fromStack(
          new WinbackStack(app, 'Winback', typeof policy === 'string' ? { policyPreset: policy } : { policy }),
        ),
        region,
      );
      SynthesizedStack.#cache.set(key, stack);
    }
    return stack;
  }

  private readonly template: Template;
  private readonly region: string;

  /** How many resources of a CloudFormation type the stack has (the bench prices its fixed costs by them). */
  count(type: string): number {
    return Object.keys(this.template.findResources(type)).length;
  }

  /** The metrics each alarm watches (a metric-math alarm is priced per metric it reads). */
  alarmMetrics(): number {
    return Object.values(this.template.findResources('AWS::CloudWatch::Alarm')).reduce(
      (sum, alarm) =>
        sum +
        ((alarm.Properties.Metrics as Array<{ MetricStat?: unknown }> | undefined)?.filter(
          (metric) => metric.MetricStat,
        ).length || 1),
      0,
    );
  }

  private constructor(template: Template, region: string) {
    this.template = template;
    this.region = region;
  }

  stateMachines(): SynthesizedStateMachine[] {
    return Object.entries(this.template.findResources('AWS::StepFunctions::StateMachine')).map(
      ([logicalId, machine]) => ({
        logicalId,
        name: logicalId.replace(/[0-9A-F]{8}$/, ''),
        definition: JSON.parse(render(machine.Properties.DefinitionString as Intrinsic, this.region)) as Record<
          string,
          unknown
        >,
      }),
    );
  }

  /** The state machine whose logical id starts with `pathPrefix` (e.g. "Case"), exactly as synthesized. */
  stateMachine(pathPrefix: string): SynthesizedStateMachine {
    const machines = this.stateMachines().filter((machine) => machine.logicalId.startsWith(pathPrefix));
    if (machines.length !== 1)
      throw new Error(`expected one state machine under ${pathPrefix}, found ${machines.length}`);
    return machines[0] as SynthesizedStateMachine;
  }

  schedules(): SynthesizedSchedule[] {
    return Object.entries(this.template.findResources('AWS::Scheduler::Schedule')).map(
      ([logicalId, { Properties: p }]) => ({
        logicalId,
        expression: String(p.ScheduleExpression),
        timeZone: String(p.ScheduleExpressionTimezone ?? 'UTC'),
        target: p.Target.Arn.Ref
          ? { kind: 'stateMachine' as const, logicalId: String(p.Target.Arn.Ref) }
          : { kind: 'function' as const, logicalId: String(p.Target.Arn['Fn::GetAtt']?.[0]) },
        input: String(p.Target.Input ?? '{}'),
      }),
    );
  }

  functions(): SynthesizedFunction[] {
    return Object.entries(this.template.findResources('AWS::Lambda::Function'))
      .filter(([, resource]) => resource.Metadata?.[HANDLER_METADATA])
      .map(([logicalId, resource]) => ({
        logicalId,
        handlerModule: String(resource.Metadata[HANDLER_METADATA]),
        timeoutSeconds: Number(resource.Properties?.Timeout ?? 3),
      }));
  }

  routes(): SynthesizedRoute[] {
    const integrations = this.template.findResources('AWS::ApiGatewayV2::Integration');
    return Object.values(this.template.findResources('AWS::ApiGatewayV2::Route')).map((route) => {
      const [method, path] = String(route.Properties.RouteKey).split(' ') as [string, string];
      const integrationId =
        (route.Properties.Target as { 'Fn::Join': [string, Array<{ Ref?: string }>] })['Fn::Join'][1].find(
          (part) => part.Ref,
        )?.Ref ?? '';
      const uri = integrations[integrationId]?.Properties?.IntegrationUri as
        | { 'Fn::GetAtt'?: [string, string] }
        | undefined;
      const functionLogicalId = uri?.['Fn::GetAtt']?.[0];
      if (functionLogicalId === undefined)
        throw new Error(`route ${route.Properties.RouteKey} has no Lambda integration`);
      return { method, path, functionLogicalId };
    });
  }
}

/** The Amazon States Language of a state machine exactly as `cdk synth` produces it for the stack. */
export function synthesizedDefinition(pathPrefix: string): Record<string, unknown> {
  return SynthesizedStack.of().stateMachine(pathPrefix).definition;
}
