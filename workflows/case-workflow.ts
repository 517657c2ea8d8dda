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
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { MAX_REMINDERS } from '#shared/cases/case-rounds.ts';
import { STEP_HANDED_OVER } from '#shared/cases/step-hand-over.ts';
import type { WaitingStep } from '#shared/cases/waiting-steps.ts';
import { MAIL_RETRIES } from '#shared/mail/mail-deferred.ts';

export interface CaseWorkflowProps {
  verify: IFunction;
  notify: IFunction;
  breach: IFunction;
  execute: IFunction;
  followUp: IFunction;
  close: IFunction;
  /** Records a case that cannot go on and tells ops. */
  failed: IFunction;
  /** Reminders after a missed deadline before the case fails and ops are alerted. */
  maxReminders?: number;
}

const RETRY = { interval: Duration.seconds(2), maxAttempts: 4, backoffRate: 2, jitterStrategy: JitterType.FULL };

/** A step whose email SES deferred (its send rate or daily quota used up) is run again later, as MAIL_RETRIES spaces it. */
function waitOutMailLimits(task: LambdaInvoke): void {
  for (const [error, retry] of Object.entries(MAIL_RETRIES)) {
    task.addRetry({
      errors: [error],
      interval: Duration.seconds(retry.intervalSeconds),
      backoffRate: retry.backoffRate,
      maxDelay: Duration.seconds(retry.maxDelaySeconds),
      maxAttempts: retry.maxAttempts,
      jitterStrategy: JitterType.FULL,
    });
  }
}

/**
 * One execution per alert, carrying the case to a recorded outcome (Art. 13, 16-17):
 *
 *   Verify -> Recovered? -> Closed
 *                        -> FirstNotice -> AwaitResponsePlan -> ContactWindow -> AwaitContact -> Refused? -> CloseRefused -> Refused
 *                                                                                                      -> Execute
 *   Execute -> ApprovalNeeded? -> ApprovalWindow -> AwaitApproval -> Execute (next approver, or issue to the ledger)
 *                              -> RevisePlan -> AwaitRevisedPlan -> Execute (after a rejection)
 *                              -> StartTracking -> UntilFollowUp -> FollowUp -> BackYet? -> CloseRecovered -> Recovered
 *                                                                                       -> LossWindow -> AwaitLossReason -> CloseLost -> Lost
 *                                                                                       -> UntilFollowUp (the owner gets a follow-up task)
 *   each Await...: the owner is emailed a link and the case waits on a task token until the deadline;
 *   when it passes: ...Breach (recorded against the owner) -> ...NextRound -> ...RoundsLeft? -> Await... again, copied up the line
 *                                                                                            -> No... -> RecordFailure
 *   a Task whose email SES deferred (send rate, daily quota) -> the same Task again, minutes or hours later
 *   any Task that still fails after its retries -> RecordFailure (the case marked failed, ops emailed) -> CaseFailed
 *
 * Every Task has an explicit timeout (a wait's is its deadline, in seconds the steps compute:
 * Step Functions has no working days), retries with backoff and jitter, and a Catch: no case
 * stops without a record and a person told. Every step is idempotent.
 */
export class CaseWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: CaseWorkflowProps) {
    super(scope, id);

    // Where every failure ends: recorded on the case, ops emailed, and the execution failed with the error.
    const recordFailure = new LambdaInvoke(this, 'RecordFailure', {
      lambdaFunction: props.failed,
      payloadResponseOnly: true,
      payload: TaskInput.fromObject({
        'customerId.$': '$.customerId',
        'alertId.$': '$.alertId',
        'storeId.$': '$.storeId',
        'level.$': '$.level',
        'identifiedAt.$': '$.identifiedAt',
        'failure.$': '$.failure',
      }),
      resultPath: '$.failed',
      taskTimeout: Timeout.duration(Duration.seconds(60)),
      retryOnServiceExceptions: true,
    });
    recordFailure.addRetry({ errors: [Errors.TIMEOUT], ...RETRY });
    waitOutMailLimits(recordFailure);
    // Recording failed too: the execution still fails, with the first error (the FAILED alarm tells ops).
    recordFailure.addCatch(
      new Fail(this, 'FailureNotRecorded', { errorPath: '$.failure.Error', causePath: '$.failure.Cause' }),
      { errors: [Errors.ALL], resultPath: '$.notRecorded' },
    );
    recordFailure.next(new Fail(this, 'CaseFailed', { errorPath: '$.failed.error', causePath: '$.failed.cause' }));
    const guarded = <T extends LambdaInvoke>(task: T): T => {
      // Before the catch-all retry below: Retry entries are tried in order, and mail limits are waited out far longer.
      waitOutMailLimits(task);
      // A step that failed (an error of its own, not a deadline) gets two more tries; each step is idempotent.
      task.addRetry({
        errors: [Errors.TASKS_FAILED],
        interval: Duration.seconds(3),
        maxAttempts: 2,
        backoffRate: 2,
        jitterStrategy: JitterType.FULL,
      });
      task.addCatch(recordFailure, { errors: [Errors.ALL], resultPath: '$.failure' });
      return task;
    };

    const verify = new LambdaInvoke(this, 'Verify', {
      lambdaFunction: props.verify,
      payloadResponseOnly: true,
      resultPath: '$.verification',
      taskTimeout: Timeout.duration(Duration.seconds(60)),
      retryOnServiceExceptions: true,
    });
    verify.addRetry({ errors: [Errors.TIMEOUT], ...RETRY });
    guarded(verify);

    // The alert's keys and what verify found, as every case step receives them.
    const caseKeys = {
      'customerId.$': '$.customerId',
      'alertId.$': '$.alertId',
      'storeId.$': '$.storeId',
      'level.$': '$.level',
      'identifiedAt.$': '$.identifiedAt',
    };
    const stepState = (step: WaitingStep) => ({
      ...caseKeys,
      'verification.$': '$.verification',
      'reminder.$': '$.Payload.wait.reminder',
      step,
      ...(step === 'approval' ? { 'approverRole.$': '$.execute.approverRole', 'benefit.$': '$.execute.benefit' } : {}),
    });

    /**
     * Waits on the owner for one step. The wait's deadline sits at $.Payload.wait in the state and
     * in the Lambda payload alike: AWS reads TimeoutSecondsPath from the state input, the local
     * interpreter from the payload, and this one path means the same in both.
     */
    const awaitOwner = (name: string, step: WaitingStep, resultPath: string): LambdaInvoke => {
      const ask = new LambdaInvoke(this, `Await${name}`, {
        lambdaFunction: props.notify,
        integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: TaskInput.fromObject({
          state: stepState(step),
          'wait.$': '$.Payload.wait',
          taskToken: JsonPath.taskToken,
        }),
        taskTimeout: Timeout.at('$.Payload.wait.seconds'),
        resultPath,
        retryOnServiceExceptions: true,
      });
      const breach = new LambdaInvoke(this, `${name}Breach`, {
        lambdaFunction: props.breach,
        payloadResponseOnly: true,
        payload: TaskInput.fromObject(stepState(step)),
        resultPath: '$.breach',
        taskTimeout: Timeout.duration(Duration.seconds(60)),
        retryOnServiceExceptions: true,
      });
      breach.addRetry({ errors: [Errors.TIMEOUT], ...RETRY });
      guarded(breach);
      const nextRound = new Pass(this, `${name}NextRound`, {
        parameters: {
          wait: { 'seconds.$': '$.breach.seconds', 'reminder.$': '$.breach.reminder', 'dueBy.$': '$.breach.dueBy' },
        },
        resultPath: '$.Payload',
      });
      const roundsLeft = new Choice(this, `${name}RoundsLeft?`)
        .when(Condition.numberLessThanEquals('$.Payload.wait.reminder', props.maxReminders ?? MAX_REMINDERS), ask)
        .otherwise(
          new Pass(this, `No${name}`, {
            parameters: {
              Error: `No${name}`,
              Cause: `nothing recorded for the ${step} after every reminder up the line`,
            },
            resultPath: '$.failure',
          }).next(recordFailure),
        );
      // A level rose while the step waited (see STEP_HANDED_OVER): asked again, of the new level's
      // owner, never retried as a failure. Then a missed deadline (Catchers are tried in order), then
      // anything else that went wrong.
      ask.addRetry({ errors: [STEP_HANDED_OVER], maxAttempts: 0 });
      ask.addCatch(ask, { errors: [STEP_HANDED_OVER], resultPath: '$.handedOver' });
      ask.addCatch(breach.next(nextRound).next(roundsLeft), { errors: [Errors.TIMEOUT], resultPath: '$.missed' });
      return guarded(ask);
    };

    const firstNotice = new Pass(this, 'FirstNotice', {
      parameters: {
        wait: {
          'seconds.$': '$.verification.responsePlanSeconds',
          reminder: 0,
          'dueBy.$': '$.verification.deadlines.responsePlanBy',
        },
      },
      resultPath: '$.Payload',
    });
    const awaitResponsePlan = awaitOwner('ResponsePlan', 'response_plan', '$.responsePlan');
    const contactWindow = new Pass(this, 'ContactWindow', {
      parameters: { 'wait.$': '$.responsePlan.next.wait' },
      resultPath: '$.Payload',
    });
    const awaitContact = awaitOwner('Contact', 'contact', '$.contact');

    /** Ends the case with its outcome and the reason found at `reasonPath` (Art. 17). */
    const closeAs = (
      name: string,
      outcome: 'refused' | 'recovered' | 'lost' | 'false_alarm',
      reasonPath: string,
      byPath?: string,
    ): LambdaInvoke => {
      const close = new LambdaInvoke(this, `Close${name}`, {
        lambdaFunction: props.close,
        payloadResponseOnly: true,
        payload: TaskInput.fromObject({
          ...caseKeys,
          outcome,
          'reason.$': reasonPath,
          ...(byPath ? { 'by.$': byPath } : {}),
        }),
        resultPath: '$.closed',
        taskTimeout: Timeout.duration(Duration.seconds(60)),
        retryOnServiceExceptions: true,
      });
      close.addRetry({ errors: [Errors.TIMEOUT], ...RETRY });
      return guarded(close);
    };

    // Track (Art. 16 (4)): a round every cadence period until the customer is back or the window ends.
    const startTracking = new Pass(this, 'StartTracking', {
      parameters: { 'seconds.$': '$.contact.next.track.seconds', 'round.$': '$.contact.next.track.round' },
      resultPath: '$.track',
    });
    const untilFollowUp = new Wait(this, 'UntilFollowUp', { time: WaitTime.secondsPath('$.track.seconds') });
    const followUp = new LambdaInvoke(this, 'FollowUp', {
      lambdaFunction: props.followUp,
      payloadResponseOnly: true,
      payload: TaskInput.fromObject({ state: stepState('contact'), 'round.$': '$.track.round' }),
      resultPath: '$.track',
      taskTimeout: Timeout.duration(Duration.seconds(60)),
      retryOnServiceExceptions: true,
    });
    followUp.addRetry({ errors: [Errors.TIMEOUT], ...RETRY });
    guarded(followUp);
    const tracking = startTracking
      .next(untilFollowUp)
      .next(followUp)
      .next(
        new Choice(this, 'BackYet?')
          .when(
            Condition.stringEquals('$.track.outcome', 'recovered'),
            closeAs('Recovered', 'recovered', '$.track.reason').next(
              new Succeed(this, 'Recovered', { comment: 'won back' }),
            ),
          )
          .when(
            // Nobody contacted a held-out customer, so nobody is asked why they were lost.
            Condition.and(
              Condition.stringEquals('$.track.outcome', 'lost'),
              Condition.booleanEquals('$.verification.holdout', true),
            ),
            closeAs('HeldOutLost', 'lost', '$.track.reason').next(
              new Succeed(this, 'LostHeldOut', { comment: 'held out, and not back by the end of the window' }),
            ),
          )
          .when(
            Condition.stringEquals('$.track.outcome', 'lost'),
            // The owner records why (Art. 17): the churn reason analysis groups cases by it.
            new Pass(this, 'LossWindow', { parameters: { 'wait.$': '$.track.wait' }, resultPath: '$.Payload' })
              .next(awaitOwner('LossReason', 'loss_reason', '$.lossReason'))
              .next(closeAs('Lost', 'lost', '$.lossReason.loss.category', '$.lossReason.by'))
              .next(new Succeed(this, 'Lost', { comment: 'the window ended without a return (Art. 17)' })),
          )
          .otherwise(untilFollowUp),
      );
    const closeRefused = closeAs('Refused', 'refused', '$.contact.contact.cause', '$.contact.by');

    // Execute (Art. 14-16): issue the plan's benefit, after each approval its cost needs.
    const execute = new LambdaInvoke(this, 'Execute', {
      lambdaFunction: props.execute,
      payloadResponseOnly: true,
      payload: TaskInput.fromObject({ state: stepState('contact'), 'plan.$': '$.responsePlan.plan' }),
      resultPath: '$.execute',
      taskTimeout: Timeout.duration(Duration.seconds(60)),
      retryOnServiceExceptions: true,
    });
    execute.addRetry({ errors: [Errors.TIMEOUT], ...RETRY });
    guarded(execute);
    const approvalWindow = new Pass(this, 'ApprovalWindow', {
      parameters: { 'wait.$': '$.execute.wait' },
      resultPath: '$.Payload',
    });
    const awaitApproval = awaitOwner('Approval', 'approval', '$.approval');
    // A rejection goes back to the owner, who revises the plan; the revised plan is executed afresh.
    const reviseWindow = new Pass(this, 'RevisePlan', {
      parameters: { 'wait.$': '$.execute.wait' },
      resultPath: '$.Payload',
    });
    const awaitRevisedPlan = awaitOwner('RevisedPlan', 'response_plan', '$.responsePlan');
    const executing = execute.next(
      new Choice(this, 'ApprovalNeeded?')
        .when(Condition.stringEquals('$.execute.action', 'approve'), approvalWindow.next(awaitApproval).next(execute))
        .when(Condition.stringEquals('$.execute.action', 'rejected'), reviseWindow.next(awaitRevisedPlan).next(execute))
        .otherwise(tracking),
    );

    const definition = verify.next(
      new Choice(this, 'Recovered?')
        .when(
          Condition.booleanEquals('$.verification.closed', true),
          new Succeed(this, 'Closed', { comment: 'self-recovered, or the customer file is gone' }),
        )
        // The hold-out group (Art. 18's measure of what the effort adds): tracked from here, never contacted.
        .when(
          Condition.booleanEquals('$.verification.holdout', true),
          new Pass(this, 'HeldOut', {
            parameters: { next: { 'track.$': '$.verification.track' } },
            resultPath: '$.contact',
          })
            // The steps after it read the state of a wait; a held-out case has had none.
            .next(
              new Pass(this, 'HeldOutWatch', {
                parameters: { wait: { seconds: 1, reminder: 0, 'dueBy.$': '$.verification.deadlines.trackUntil' } },
                resultPath: '$.Payload',
              }),
            )
            .next(tracking),
        )
        .otherwise(
          firstNotice.next(awaitResponsePlan).next(
            new Choice(this, 'FalseAlarm?')
              // The owner says the indicators are not real: a false alarm, recorded and counted, no benefit (Art. 24).
              .when(
                Condition.stringEquals('$.responsePlan.plan.indicatorsConfirmed', 'no'),
                closeAs('FalseAlarm', 'false_alarm', '$.responsePlan.plan.likelyCause', '$.responsePlan.by').next(
                  new Succeed(this, 'FalseAlarmClosed', {
                    comment: 'the indicators were not real: counted against warning accuracy',
                  }),
                ),
              )
              .otherwise(contactWindow),
          ),
        ),
    );
    contactWindow
      .next(awaitContact)
      .next(
        new Choice(this, 'Refused?')
          .when(
            Condition.stringEquals('$.contact.contact.result', 'refused'),
            closeRefused.next(
              new Succeed(this, 'Refused', { comment: 'ended with the reason, for the churn analysis (Art. 17)' }),
            ),
          )
          .otherwise(executing),
      );

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      // Every state change, without the execution data: inputs and outputs carry customer ids and notes.
      logs: {
        destination: new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
  }
}
