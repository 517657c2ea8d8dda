import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Errors,
  Fail,
  type IChainable,
  IntegrationPattern,
  JitterType,
  JsonPath,
  TaskInput,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { STEP_HANDED_OVER } from '#shared/cases/step-hand-over.ts';
import { MAIL_RETRIES } from '#shared/mail/mail-deferred.ts';

/**
 * Where a case keeps the wait on its owner it is in: `{ seconds, reminder, dueBy }`, set before
 * each Await... (seconds computed by the steps, Step Functions having no working days). An
 * Await...'s TimeoutSecondsPath reads it from the state input, in AWS and in the local runtime
 * alike (infra/local/step-functions/task-integrations.ts, withTimeoutsFromStateInput).
 */
export const WAIT = '$.wait';

/** JSONPath fields of a step's payload, as TaskInput.fromObject takes them. */
export type Payload = Record<string, unknown>;

interface TaskProps {
  /** The handler that does the step. */
  handler: IFunction;
  /** What it is given; the whole state when left out. */
  payload?: Payload;
  /** Where its result goes in the case's state. */
  resultPath: string;
}

export interface CaseStepProps extends TaskProps {
  /** Where the case goes when the step still fails after its retries, the error at $.failure. */
  onFailure: IChainable;
}

/** A Lambda step's result as its handler returns it, an invocation lost on the way tried again with backoff. */
function lambdaTask(scope: Construct, id: string, { handler, payload, resultPath }: TaskProps): LambdaInvoke {
  const task = new LambdaInvoke(scope, id, {
    lambdaFunction: handler,
    payloadResponseOnly: true,
    ...(payload ? { payload: TaskInput.fromObject(payload) } : {}),
    resultPath,
    taskTimeout: Timeout.duration(Duration.seconds(60)),
    retryOnServiceExceptions: true,
  });
  task.addRetry({
    errors: [Errors.TIMEOUT],
    interval: Duration.seconds(2),
    maxAttempts: 4,
    backoffRate: 2,
    jitterStrategy: JitterType.FULL,
  });
  return task;
}

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

/** The retries and the Catch every step of a case ends with: no case stops without a record and a person told. */
function guarded(task: LambdaInvoke, onFailure: IChainable): LambdaInvoke {
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
  task.addCatch(onFailure, { errors: [Errors.ALL], resultPath: '$.failure' });
  return task;
}

/**
 * A Lambda step of the case workflow: 60 seconds to run (a timeout tried again with backoff and
 * jitter), an email SES deferred sent again later, a failure of its own tried twice more, and
 * then `onFailure`.
 */
export function caseStep(scope: Construct, id: string, props: CaseStepProps): LambdaInvoke {
  return guarded(lambdaTask(scope, id, props), props.onFailure);
}

export interface OwnerWaitProps extends CaseStepProps {
  payload: Payload;
  /** Where the case goes when the wait's deadline passes, the timeout at $.missed. */
  onDeadline: IChainable;
}

/**
 * A step that waits on a person: the handler is given `payload`, the wait ($.wait) and a task
 * token, and the case waits on the token until the wait's deadline, then goes to `onDeadline`.
 * A step handed over (a level rose while it waited, see STEP_HANDED_OVER) is asked again, of the
 * new level's owner, never retried as a failure; anything else that goes wrong is as in caseStep.
 */
export function ownerWait(scope: Construct, id: string, props: OwnerWaitProps): LambdaInvoke {
  const ask = new LambdaInvoke(scope, id, {
    lambdaFunction: props.handler,
    integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: TaskInput.fromObject({ ...props.payload, 'wait.$': WAIT, taskToken: JsonPath.taskToken }),
    taskTimeout: Timeout.at(`${WAIT}.seconds`),
    resultPath: props.resultPath,
    retryOnServiceExceptions: true,
  });
  ask.addRetry({ errors: [STEP_HANDED_OVER], maxAttempts: 0 });
  // Catchers are tried in order: a hand-over, a missed deadline, then (guarded) anything else.
  ask.addCatch(ask, { errors: [STEP_HANDED_OVER], resultPath: '$.handedOver' });
  ask.addCatch(props.onDeadline, { errors: [Errors.TIMEOUT], resultPath: '$.missed' });
  return guarded(ask, props.onFailure);
}

/**
 * RecordFailure, where every failure of a case ends: the handler marks the case failed and emails
 * ops, then the execution fails with the error (CaseFailed). When recording fails too, the
 * execution still fails, with the first error (FailureNotRecorded; the FAILED alarm tells ops).
 */
export function recordFailureStep(scope: Construct, props: TaskProps): LambdaInvoke {
  const record = lambdaTask(scope, 'RecordFailure', props);
  waitOutMailLimits(record);
  record.addCatch(
    new Fail(scope, 'FailureNotRecorded', { errorPath: '$.failure.Error', causePath: '$.failure.Cause' }),
    { errors: [Errors.ALL], resultPath: '$.notRecorded' },
  );
  record.next(new Fail(scope, 'CaseFailed', { errorPath: '$.failed.error', causePath: '$.failed.cause' }));
  return record;
}
