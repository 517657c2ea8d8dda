import type { Duration } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  type IChainable,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

/**
 * A workflow's state machine (construct ids StateMachine and Logs): Standard, traced, and every
 * state change logged for three months, without the execution data: inputs and outputs carry
 * customer ids and notes.
 */
export function loggedStateMachine(scope: Construct, definition: IChainable, timeout?: Duration): StateMachine {
  return new StateMachine(scope, 'StateMachine', {
    stateMachineType: StateMachineType.STANDARD,
    definitionBody: DefinitionBody.fromChainable(definition),
    ...(timeout ? { timeout } : {}),
    tracingEnabled: true,
    logs: {
      destination: new LogGroup(scope, 'Logs', { retention: RetentionDays.THREE_MONTHS }),
      level: LogLevel.ALL,
      includeExecutionData: false,
    },
  });
}
