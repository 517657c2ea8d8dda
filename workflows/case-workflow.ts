import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Choice, Condition, DefinitionBody, JitterType, LogLevel, Pass, StateMachine, StateMachineType, Succeed, Timeout } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

export interface CaseWorkflowProps {
  verify: IFunction;
}

/**
 * One execution per alert, carrying the case to a recorded outcome (Art. 16-17):
 *
 *   Verify -> Recovered? -> Closed
 *                        -> Confirmed (contact, execute and track come next)
 *
 * Every Task has an explicit timeout (the local interpreter, like a careful operator, should
 * never rely on defaults) and retries with backoff and jitter: each step is idempotent.
 */
export class CaseWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: CaseWorkflowProps) {
    super(scope, id);

    const verify = new LambdaInvoke(this, 'Verify', {
      lambdaFunction: props.verify,
      payloadResponseOnly: true,
      resultPath: '$.verification',
      taskTimeout: Timeout.duration(Duration.seconds(60)),
      retryOnServiceExceptions: true,
    });
    verify.addRetry({ errors: ['States.Timeout'], interval: Duration.seconds(2), maxAttempts: 4, backoffRate: 2, jitterStrategy: JitterType.FULL });

    const closed = new Succeed(this, 'Closed', { comment: 'self-recovered, or the customer file is gone: recorded at verify' });
    const confirmed = new Pass(this, 'Confirmed', { comment: 'at risk: the owner is named and every deadline computed' }).next(new Succeed(this, 'AwaitingContact'));

    const definition = verify.next(
      new Choice(this, 'Recovered?').when(Condition.booleanEquals('$.verification.closed', true), closed).otherwise(confirmed),
    );

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      logs: { destination: new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS }), level: LogLevel.ERROR },
    });
  }
}
