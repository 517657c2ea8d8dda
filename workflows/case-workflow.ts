import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Choice, Condition, Pass, type StateMachine, Succeed, Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import type { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { MAX_REMINDERS } from '#shared/cases/case-rounds.ts';
import type { WaitingStep } from '#shared/cases/waiting-steps.ts';
import { caseStep, ownerWait, type Payload, recordFailureStep, WAIT } from './case-step.ts';
import { loggedStateMachine } from './logged-state-machine.ts';

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

/** The alert's keys, as every case step receives them. */
const CASE_KEYS = {
  'customerId.$': '$.customerId',
  'alertId.$': '$.alertId',
  'storeId.$': '$.storeId',
  'level.$': '$.level',
  'identifiedAt.$': '$.identifiedAt',
};

/** The case as a step that asks a person sees it: its keys, what verify found, the step and the reminder it is on. */
const stepState = (step: WaitingStep): Payload => ({
  ...CASE_KEYS,
  'verification.$': '$.verification',
  'reminder.$': `${WAIT}.reminder`,
  step,
  ...(step === 'approval' ? { 'approverRole.$': '$.execute.approverRole', 'benefit.$': '$.execute.benefit' } : {}),
});

type Outcome = 'refused' | 'recovered' | 'lost' | 'false_alarm';

/**
 * One execution per alert, carrying the case to a recorded outcome (Art. 13, 16-17):
 *
 *   Verify -> Recovered? -> Closed
 *                        -> HeldOut -> HeldOutWatch -> StartTracking (never contacted)
 *                        -> FirstNotice -> AwaitResponsePlan -> FalseAlarm? -> CloseFalseAlarm -> FalseAlarmClosed
 *                                                                           -> ContactWindow -> AwaitContact -> Refused? -> CloseRefused -> Refused
 *                                                                                                                        -> Execute
 *   Execute -> ApprovalNeeded? -> ApprovalWindow -> AwaitApproval -> Execute (next approver, or issue to the ledger)
 *                              -> RevisePlan -> AwaitRevisedPlan -> Execute (after a rejection)
 *                              -> StartTracking -> UntilFollowUp -> FollowUp -> BackYet? -> CloseRecovered -> Recovered
 *                                                                                       -> LossWindow -> AwaitLossReason -> CloseLost -> Lost
 *                                                                                       -> UntilFollowUp (the owner gets a follow-up task)
 *   each Await...: the owner is emailed a link and the case waits on a task token until the deadline ($.wait);
 *   when it passes: ...Breach (recorded against the owner) -> ...NextRound -> ...RoundsLeft? -> Await... again, copied up the line
 *                                                                                            -> No... -> RecordFailure
 *   a Task whose email SES deferred (send rate, daily quota) -> the same Task again, minutes or hours later
 *   any Task that still fails after its retries -> RecordFailure (the case marked failed, ops emailed) -> CaseFailed
 *
 * Every Task has an explicit timeout (a wait's is its deadline, in seconds the steps compute:
 * Step Functions has no working days), retries with backoff and jitter, and a Catch (case-step.ts):
 * no case stops without a record and a person told. Every step is idempotent.
 */
export class CaseWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: CaseWorkflowProps) {
    super(scope, id);

    const recordFailure = recordFailureStep(this, {
      handler: props.failed,
      payload: { ...CASE_KEYS, 'failure.$': '$.failure' },
      resultPath: '$.failed',
    });
    const step = (name: string, handler: IFunction, resultPath: string, payload?: Payload): LambdaInvoke =>
      caseStep(this, name, { handler, payload, resultPath, onFailure: recordFailure });
    /** Sets the wait the next Await... runs to: a step's result at `from`, or these fields. */
    const window = (name: string, from: string | Payload): Pass =>
      new Pass(
        this,
        name,
        typeof from === 'string' ? { inputPath: from, resultPath: WAIT } : { parameters: from, resultPath: WAIT },
      );
    /** Ends the case with its outcome and the reason found at `reasonPath` (Art. 17). */
    const closeAs = (name: string, outcome: Outcome, reasonPath: string, byPath?: string): LambdaInvoke =>
      step(`Close${name}`, props.close, '$.closed', {
        ...CASE_KEYS,
        outcome,
        'reason.$': reasonPath,
        ...(byPath ? { 'by.$': byPath } : {}),
      });
    const end = (name: string, comment: string): Succeed => new Succeed(this, name, { comment });
    /**
     * Await<name>: the owner asked for the step and waited for until the deadline. Each deadline
     * missed is a breach recorded against the owner and another round, copied up the line (the
     * breach step computes its wait), until the rounds run out and the case fails.
     */
    const awaitOwner = (name: string, waitingStep: WaitingStep, resultPath: string): LambdaInvoke => {
      const breach = step(`${name}Breach`, props.breach, '$.breach', stepState(waitingStep));
      const ask = ownerWait(this, `Await${name}`, {
        handler: props.notify,
        payload: { state: stepState(waitingStep) },
        resultPath,
        onDeadline: breach,
        onFailure: recordFailure,
      });
      const noAnswer = new Pass(this, `No${name}`, {
        parameters: {
          Error: `No${name}`,
          Cause: `nothing recorded for the ${waitingStep} after every reminder up the line`,
        },
        resultPath: '$.failure',
      });
      breach
        .next(window(`${name}NextRound`, '$.breach'))
        .next(
          new Choice(this, `${name}RoundsLeft?`)
            .when(Condition.numberLessThanEquals(`${WAIT}.reminder`, props.maxReminders ?? MAX_REMINDERS), ask)
            .otherwise(noAnswer.next(recordFailure)),
        );
      return ask;
    };

    // Verify (Art. 16 (1)): still a case, and whose; the hold-out group (Art. 18's measure of what the
    // effort adds) is tracked from here and never contacted.
    const verify = step('Verify', props.verify, '$.verification');
    const heldOut = new Pass(this, 'HeldOut', {
      parameters: { next: { 'track.$': '$.verification.track' } },
      resultPath: '$.contact',
    });
    // The steps after it read the state of a wait; a held-out case has had none.
    const heldOutWatch = window('HeldOutWatch', {
      seconds: 1,
      reminder: 0,
      'dueBy.$': '$.verification.deadlines.trackUntil',
    });

    // Contact (Art. 13, 16): the response plan by its deadline, then first contact.
    const firstNotice = window('FirstNotice', {
      'seconds.$': '$.verification.responsePlanSeconds',
      reminder: 0,
      'dueBy.$': '$.verification.deadlines.responsePlanBy',
    });
    const awaitResponsePlan = awaitOwner('ResponsePlan', 'response_plan', '$.responsePlan');
    const contactWindow = window('ContactWindow', '$.responsePlan.next.wait');
    const awaitContact = awaitOwner('Contact', 'contact', '$.contact');

    // Execute (Art. 14-16): issue the plan's benefit, after each approval its cost needs; a rejection
    // goes back to the owner, who revises the plan, and the revised plan is executed afresh.
    const execute = step('Execute', props.execute, '$.execute', {
      state: stepState('contact'),
      'plan.$': '$.responsePlan.plan',
    });
    const approval = window('ApprovalWindow', '$.execute.wait').next(awaitOwner('Approval', 'approval', '$.approval'));
    const revision = window('RevisePlan', '$.execute.wait').next(
      awaitOwner('RevisedPlan', 'response_plan', '$.responsePlan'),
    );

    // Track (Art. 16 (4)): a round every cadence period until the customer is back or the window ends.
    const startTracking = new Pass(this, 'StartTracking', {
      parameters: { 'seconds.$': '$.contact.next.track.seconds', 'round.$': '$.contact.next.track.round' },
      resultPath: '$.track',
    });
    const untilFollowUp = new Wait(this, 'UntilFollowUp', { time: WaitTime.secondsPath('$.track.seconds') });
    const followUp = step('FollowUp', props.followUp, '$.track', {
      state: stepState('contact'),
      'round.$': '$.track.round',
    });
    // The owner records why a customer was lost (Art. 17): the churn reason analysis groups cases by it.
    const lossReason = window('LossWindow', '$.track.wait').next(
      awaitOwner('LossReason', 'loss_reason', '$.lossReason'),
    );

    verify.next(
      new Choice(this, 'Recovered?')
        .when(
          Condition.booleanEquals('$.verification.closed', true),
          end('Closed', 'self-recovered, or the customer file is gone'),
        )
        .when(Condition.booleanEquals('$.verification.holdout', true), heldOut.next(heldOutWatch).next(startTracking))
        .otherwise(firstNotice),
    );
    firstNotice.next(awaitResponsePlan).next(
      new Choice(this, 'FalseAlarm?')
        // The owner says the indicators are not real: a false alarm, recorded and counted, no benefit (Art. 24).
        .when(
          Condition.stringEquals('$.responsePlan.plan.indicatorsConfirmed', 'no'),
          closeAs('FalseAlarm', 'false_alarm', '$.responsePlan.plan.likelyCause', '$.responsePlan.by').next(
            end('FalseAlarmClosed', 'the indicators were not real: counted against warning accuracy'),
          ),
        )
        .otherwise(contactWindow),
    );
    contactWindow
      .next(awaitContact)
      .next(
        new Choice(this, 'Refused?')
          .when(
            Condition.stringEquals('$.contact.contact.result', 'refused'),
            closeAs('Refused', 'refused', '$.contact.contact.cause', '$.contact.by').next(
              end('Refused', 'ended with the reason, for the churn analysis (Art. 17)'),
            ),
          )
          .otherwise(execute),
      );
    execute.next(
      new Choice(this, 'ApprovalNeeded?')
        .when(Condition.stringEquals('$.execute.action', 'approve'), approval.next(execute))
        .when(Condition.stringEquals('$.execute.action', 'rejected'), revision.next(execute))
        .otherwise(startTracking),
    );
    startTracking
      .next(untilFollowUp)
      .next(followUp)
      .next(
        new Choice(this, 'BackYet?')
          .when(
            Condition.stringEquals('$.track.outcome', 'recovered'),
            closeAs('Recovered', 'recovered', '$.track.reason').next(end('Recovered', 'won back')),
          )
          .when(
            // Nobody contacted a held-out customer, so nobody is asked why they were lost.
            Condition.and(
              Condition.stringEquals('$.track.outcome', 'lost'),
              Condition.booleanEquals('$.verification.holdout', true),
            ),
            closeAs('HeldOutLost', 'lost', '$.track.reason').next(
              end('LostHeldOut', 'held out, and not back by the end of the window'),
            ),
          )
          .when(
            Condition.stringEquals('$.track.outcome', 'lost'),
            lossReason
              .next(closeAs('Lost', 'lost', '$.lossReason.loss.category', '$.lossReason.by'))
              .next(end('Lost', 'the window ended without a return (Art. 17)')),
          )
          .otherwise(untilFollowUp),
      );

    this.stateMachine = loggedStateMachine(this, verify);
  }
}
