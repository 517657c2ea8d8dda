import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Errors,
  Fail,
  IntegrationPattern,
  JitterType,
  JsonPath,
  LogLevel,
  Pass,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

export interface CaseWorkflowProps {
  verify: IFunction;
  notify: IFunction;
  breach: IFunction;
  /** Reminders after a missed response-plan deadline before ops are alerted by a failed case. */
  maxReminders?: number;
}

/**
 * One execution per alert, carrying the case to a recorded outcome (Art. 13, 16-17):
 *
 *   Verify -> Recovered? -> Closed
 *                        -> FirstNotice -> NotifyOwner (waits for the response plan, until its deadline)
 *                                            | plan submitted -> AwaitingContact (contact, execute, track come next)
 *                                            | deadline passed -> RecordBreach -> NextRound -> RoundsLeft? -> NotifyOwner (copied up the line)
 *                                                                                              -> NoResponsePlan (fails: ops are alerted)
 *
 * Every Task has an explicit timeout (the wait's is the deadline, in seconds computed by the
 * steps: Step Functions has no working days) and retries with backoff and jitter.
 */
export class CaseWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: CaseWorkflowProps) {
    super(scope, id);

    const retry = { interval: Duration.seconds(2), maxAttempts: 4, backoffRate: 2, jitterStrategy: JitterType.FULL };

    const verify = new LambdaInvoke(this, 'Verify', {
      lambdaFunction: props.verify,
      payloadResponseOnly: true,
      resultPath: '$.verification',
      taskTimeout: Timeout.duration(Duration.seconds(60)),
      retryOnServiceExceptions: true,
    });
    verify.addRetry({ errors: [Errors.TIMEOUT], ...retry });

    // What each case step receives: the alert's keys, what verify found, which round this is.
    const stepState = {
      'customerId.$': '$.customerId',
      'alertId.$': '$.alertId',
      'storeId.$': '$.storeId',
      'level.$': '$.level',
      'identifiedAt.$': '$.identifiedAt',
      'verification.$': '$.verification',
      'reminder.$': '$.Payload.wait.reminder',
    };

    // The wait's deadline sits at $.Payload.wait in the state and in the Lambda payload alike:
    // AWS reads TimeoutSecondsPath from the state input, the local interpreter from the payload,
    // and this one path means the same in both.
    const firstNotice = new Pass(this, 'FirstNotice', {
      parameters: { wait: { 'seconds.$': '$.verification.responsePlanSeconds', reminder: 0 } },
      resultPath: '$.Payload',
    });

    const notifyOwner = new LambdaInvoke(this, 'NotifyOwner', {
      lambdaFunction: props.notify,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: TaskInput.fromObject({ state: stepState, 'wait.$': '$.Payload.wait', taskToken: JsonPath.taskToken }),
      taskTimeout: Timeout.at('$.Payload.wait.seconds'),
      resultPath: '$.responsePlan',
      retryOnServiceExceptions: true,
    });

    const recordBreach = new LambdaInvoke(this, 'RecordBreach', {
      lambdaFunction: props.breach,
      payloadResponseOnly: true,
      payload: TaskInput.fromObject(stepState),
      resultPath: '$.breach',
      taskTimeout: Timeout.duration(Duration.seconds(60)),
      retryOnServiceExceptions: true,
    });
    recordBreach.addRetry({ errors: [Errors.TIMEOUT], ...retry });

    const nextRound = new Pass(this, 'NextRound', {
      parameters: { wait: { 'seconds.$': '$.breach.responsePlanSeconds', 'reminder.$': '$.breach.reminder' } },
      resultPath: '$.Payload',
    });
    const roundsLeft = new Choice(this, 'RoundsLeft?')
      .when(Condition.numberLessThanEquals('$.Payload.wait.reminder', props.maxReminders ?? 4), notifyOwner)
      .otherwise(new Fail(this, 'NoResponsePlan', { error: 'NoResponsePlan', cause: 'no response plan after every reminder up the line' }));

    notifyOwner.addCatch(recordBreach.next(nextRound).next(roundsLeft), { errors: [Errors.TIMEOUT], resultPath: '$.missed' });
    notifyOwner.next(new Succeed(this, 'AwaitingContact', { comment: 'response plan recorded; contact, execute and track come next' }));

    const definition = verify.next(
      new Choice(this, 'Recovered?')
        .when(Condition.booleanEquals('$.verification.closed', true), new Succeed(this, 'Closed', { comment: 'self-recovered, or the customer file is gone' }))
        .otherwise(firstNotice.next(notifyOwner)),
    );

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      logs: { destination: new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS }), level: LogLevel.ERROR },
    });
  }
}
