import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  Errors,
  Fail,
  JitterType,
  JsonPath,
  Map as MapState,
  Pass,
  type StateMachine,
  Succeed,
  TaskInput,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { loggedStateMachine } from './logged-state-machine.ts';

export interface ScanWorkflowProps {
  /**
   * Scans a segment, and (called with `step: open-cases`) opens the run's cases at the end. Its
   * timeout (15 minutes when it has none) sets the tasks' own.
   */
  scanSegment: IFunction & { readonly timeout?: Duration };
  /** How many segments scan in parallel at most. */
  maxConcurrency?: number;
}

/** The error a scan run fails with when a segment failed after its retries (its cause names them). */
export const SEGMENTS_FAILED = 'ScanSegmentsFailed';

/**
 * The retries of a task that invokes the scan function. Each step is idempotent (alerts and case
 * openings are conditional writes), so running one again is safe:
 * - throttling (the account's concurrency is shared with ingestion): patient, up to about 8 minutes;
 * - Lambda's own transient faults: quickly, a few times;
 * - the invocation timed out (Lambda's Sandbox.Timedout, the task's States.Timeout) or died
 *   (Lambda.Unknown): twice more; a segment goes on from the key it was given.
 */
function retriedAsLambdaFails(task: LambdaInvoke): LambdaInvoke {
  task.addRetry({
    errors: ['Lambda.TooManyRequestsException'],
    interval: Duration.seconds(5),
    maxAttempts: 8,
    backoffRate: 2,
    maxDelay: Duration.minutes(2),
    jitterStrategy: JitterType.FULL,
  });
  task.addRetry({
    errors: [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.ClientExecutionTimeoutException',
    ],
    interval: Duration.seconds(2),
    maxAttempts: 6,
    backoffRate: 2,
    jitterStrategy: JitterType.FULL,
  });
  task.addRetry({
    errors: ['Sandbox.Timedout', Errors.TIMEOUT, 'Lambda.Unknown'],
    interval: Duration.seconds(5),
    maxAttempts: 2,
    backoffRate: 2,
    jitterStrategy: JitterType.FULL,
  });
  return task;
}

/**
 * A scan run: the Customers table split into segments, each scanned by its own Lambda invocation
 * (again from where it stopped, when a segment outlasts one invocation).
 *
 *   Segments -> EachSegment [ ScanSegment -> More? -> (Continue -> ScanSegment) | SegmentDone ]
 *            -> OpenCases -> MoreToOpen? -> OpenCases (again, when it ran out of time) | Opened
 *
 * Cases open only in OpenCases, after every segment has raised its alerts: it alone sees each
 * owner's whole queue across the segments, so capacity is shared out once per run, in priority
 * order, whatever order the segments ran in. It plans from the alerts as stored, so a retry (or
 * the next round) counts what was opened already, and opening is a conditional write.
 *
 * A segment that still fails after its retries (throttling, Lambda's own errors, a timeout) is
 * caught inside the Map: the others go on, its number and error name are kept (never the cause,
 * which may quote a record), the cases of the segments that did scan are opened, and then the run
 * fails with ScanSegmentsFailed naming them, so the failed-runs alarm (infra/operations.ts) tells
 * ops and `winback scan` and the ops page show it:
 *
 *   ... -> EachSegment [ ScanSegment --(after its retries)--> SegmentFailed ]
 *       -> OpenCases ... -> AllScanned? -> Opened | SegmentsFailed (fails the run)
 *
 * Input: { runId, kind: daily | monthly | weekly, asOf, totalSegments }.
 */
export class ScanWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: ScanWorkflowProps) {
    super(scope, id);

    const segments = new Pass(this, 'Segments', {
      parameters: {
        'runId.$': '$.runId',
        'kind.$': '$.kind',
        'asOf.$': '$.asOf',
        'totalSegments.$': '$.totalSegments',
        'segments.$': 'States.ArrayRange(0, States.MathAdd($.totalSegments, -1), 1)',
      },
    });

    // Lambda ends an invocation at the function's timeout (Sandbox.Timedout) a minute before the
    // task gives up on it (States.Timeout): the task's timeout only catches an invocation lost on
    // the way, and never cuts short one that is still working.
    const taskTimeout = Timeout.duration(
      Duration.seconds((props.scanSegment.timeout ?? Duration.minutes(15)).toSeconds() + 60),
    );
    const scanSegment = retriedAsLambdaFails(
      new LambdaInvoke(this, 'ScanSegment', {
        lambdaFunction: props.scanSegment,
        payloadResponseOnly: true,
        resultPath: '$.result',
        taskTimeout,
        retryOnServiceExceptions: false,
      }),
    );
    // Still failing after its retries: kept as this segment's result, by number and error name only
    // (a Lambda error's cause is its message and stack, which may quote a customer's record).
    scanSegment.addCatch(
      new Pass(this, 'SegmentFailed', { parameters: { 'segment.$': '$.segment', 'failed.$': '$.failure.Error' } }),
      {
        errors: [Errors.ALL],
        resultPath: '$.failure',
      },
    );

    const continueSegment = new Pass(this, 'Continue', {
      parameters: {
        'runId.$': '$.runId',
        'kind.$': '$.kind',
        'asOf.$': '$.asOf',
        'segment.$': '$.segment',
        'totalSegments.$': '$.totalSegments',
        'startKey.$': '$.result.nextKey',
      },
    }).next(scanSegment);

    const perSegment = scanSegment.next(
      new Choice(this, 'More?')
        .when(Condition.isPresent('$.result.nextKey'), continueSegment)
        .otherwise(new Pass(this, 'SegmentDone', { outputPath: '$.result' }).next(new Succeed(this, 'Scanned'))),
    );

    const eachSegment = new MapState(this, 'EachSegment', {
      itemsPath: '$.segments',
      maxConcurrency: props.maxConcurrency ?? 10,
      itemSelector: {
        'runId.$': '$.runId',
        'kind.$': '$.kind',
        'asOf.$': '$.asOf',
        'totalSegments.$': '$.totalSegments',
        segment: JsonPath.numberAt('$$.Map.Item.Value'),
      },
      resultPath: '$.segmentResults',
    }).itemProcessor(perSegment);

    // Planned from the alerts as stored and opened by conditional writes: running it again is safe.
    // It fails the run if it still fails after its retries (the failed-runs alarm): nothing to catch.
    const openCases = retriedAsLambdaFails(
      new LambdaInvoke(this, 'OpenCases', {
        lambdaFunction: props.scanSegment,
        // The segments' results too: the step names the ones that failed (segmentsFailed), without a
        // JSONPath filter, whose empty result AWS and the local interpreter read differently.
        payload: TaskInput.fromObject({
          step: 'open-cases',
          'runId.$': '$.runId',
          'kind.$': '$.kind',
          'asOf.$': '$.asOf',
          'segmentResults.$': '$.segmentResults',
        }),
        payloadResponseOnly: true,
        resultPath: '$.opening',
        taskTimeout,
        retryOnServiceExceptions: false,
      }),
    );
    // Cases open even when a segment failed: the alerts the other segments raised are as sound as on
    // any day, and a level-3 customer of a scanned segment should not wait a day because another
    // segment was throttled. The failed segment's customers are scanned by the next run (alerts are
    // idempotent), and the run still fails afterwards so that ops hear of the gap.
    const allScanned = new Choice(this, 'AllScanned?')
      .when(
        Condition.isPresent('$.opening.segmentsFailed'),
        new Fail(this, 'SegmentsFailed', { error: SEGMENTS_FAILED, causePath: '$.opening.segmentsFailed' }),
      )
      .otherwise(new Succeed(this, 'Opened'));
    const opening = openCases.next(
      new Choice(this, 'MoreToOpen?').when(Condition.isPresent('$.opening.more'), openCases).otherwise(allScanned),
    );

    this.stateMachine = loggedStateMachine(this, segments.next(eachSegment).next(opening), Duration.hours(6));
  }
}
