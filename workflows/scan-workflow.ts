import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  JitterType,
  JsonPath,
  LogLevel,
  Map as MapState,
  Pass,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

export interface ScanWorkflowProps {
  /** Scans a segment, and (called with `step: open-cases`) opens the run's cases at the end. */
  scanSegment: IFunction;
  /** How many segments scan in parallel at most. */
  maxConcurrency?: number;
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

    const scanSegment = new LambdaInvoke(this, 'ScanSegment', {
      lambdaFunction: props.scanSegment,
      payloadResponseOnly: true,
      resultPath: '$.result',
      retryOnServiceExceptions: true,
    });
    // A segment is idempotent (alerts are conditional writes), so running it again is safe.
    scanSegment.addRetry({ errors: ['States.Timeout', 'Lambda.Unknown'], interval: Duration.seconds(5), maxAttempts: 3, backoffRate: 2, jitterStrategy: JitterType.FULL });

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

    const openCases = new LambdaInvoke(this, 'OpenCases', {
      lambdaFunction: props.scanSegment,
      payload: TaskInput.fromObject({ step: 'open-cases', 'runId.$': '$.runId', 'kind.$': '$.kind', 'asOf.$': '$.asOf' }),
      payloadResponseOnly: true,
      resultPath: '$.opening',
      retryOnServiceExceptions: true,
    });
    // Planned from the alerts as stored and opened by conditional writes: running it again is safe.
    openCases.addRetry({ errors: ['States.Timeout', 'Lambda.Unknown'], interval: Duration.seconds(5), maxAttempts: 3, backoffRate: 2, jitterStrategy: JitterType.FULL });
    const opening = openCases.next(new Choice(this, 'MoreToOpen?').when(Condition.isPresent('$.opening.more'), openCases).otherwise(new Succeed(this, 'Opened')));

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(segments.next(eachSegment).next(opening)),
      timeout: Duration.hours(6),
      tracingEnabled: true,
      // Every state change, without the execution data: inputs and outputs carry customer ids and notes.
      logs: { destination: new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS }), level: LogLevel.ALL, includeExecutionData: false },
    });
  }
}
