import { TimeZone } from 'aws-cdk-lib';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SCAN_SCHEDULES } from '#shared/scan/scan-schedules.ts';

export interface ScanSchedulesProps {
  scanWorkflow: IStateMachine;
  /** The policy's time zone: the schedules fire at its 02:00, not UTC's. */
  timeZone: string;
  totalSegments: number;
  /**
   * Where a start EventBridge could not make after its retries waits (the scheduled functions'
   * queue: encrypted, alarmed). Without it a daily scan that was never started leaves no trace.
   */
  deadLetters: IQueue;
}

/** EventBridge Scheduler schedules, one per entry of shared/scan/scan-schedules.ts, each starting a scan run. */
export class ScanSchedules extends Construct {
  readonly schedules: Schedule[];

  constructor(scope: Construct, id: string, props: ScanSchedulesProps) {
    super(scope, id);
    this.schedules = SCAN_SCHEDULES.map(
      (definition) =>
        new Schedule(this, definition.id, {
          description: definition.description,
          schedule: ScheduleExpression.cron({ ...definition.cron, timeZone: TimeZone.of(props.timeZone) }),
          target: new StepFunctionsStartExecution(props.scanWorkflow, {
            // The scheduled time names the run: a delivery repeated by EventBridge is the same run.
            input: ScheduleTargetInput.fromObject({
              runId: `${definition.kind}-${ContextAttribute.scheduledTime}`,
              kind: definition.kind,
              asOf: ContextAttribute.scheduledTime,
              totalSegments: props.totalSegments,
            }),
            retryAttempts: 5,
            deadLetterQueue: props.deadLetters,
          }),
        }),
    );
  }
}
