import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { WinbackStack } from '../winback-stack.ts';

type Intrinsic = string | { 'Fn::Join'?: [string, Intrinsic[]]; 'Fn::GetAtt'?: [string, string]; Ref?: string };

/** Renders the intrinsic functions of a synthesized string, ARNs becoming fake but well-formed ones. */
function render(value: Intrinsic): string {
  if (typeof value === 'string') return value;
  if (value['Fn::Join']) return value['Fn::Join'][1].map(render).join(value['Fn::Join'][0]);
  const logicalId = value['Fn::GetAtt']?.[0] ?? value.Ref ?? 'Unknown';
  return `arn:aws:lambda:ap-east-1:123456789012:function:${logicalId}`;
}

let template: Template | undefined;

/**
 * The Amazon States Language of a state machine exactly as `cdk synth` produces it for the
 * stack, found by the construct path in its logical id (e.g. "Case" for the case workflow).
 */
export function synthesizedDefinition(pathPrefix: string): Record<string, unknown> {
  template ??= Template.fromStack(new WinbackStack(new App(), 'Winback'));
  const machines = Object.entries(template.findResources('AWS::StepFunctions::StateMachine')).filter(([id]) => id.startsWith(pathPrefix));
  if (machines.length !== 1) throw new Error(`expected one state machine under ${pathPrefix}, found ${machines.length}`);
  const [, machine] = machines[0] as [string, { Properties: { DefinitionString: Intrinsic } }];
  return JSON.parse(render(machine.Properties.DefinitionString)) as Record<string, unknown>;
}
