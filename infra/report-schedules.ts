import { TimeZone } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { REPORT_SCHEDULES } from '#shared/reports/report-schedules.ts';

/** One EventBridge Scheduler schedule per report (shared/reports/report-schedules.ts), each running the report function as of its scheduled time. */
export class ReportSchedules extends Construct {
  readonly schedules: Schedule[];

  constructor(scope: Construct, id: string, props: { reportRun: IFunction; timeZone: string; deadLetters: IQueue }) {
    super(scope, id);
    this.schedules = REPORT_SCHEDULES.map(
      (definition) =>
        new Schedule(this, definition.id, {
          description: definition.description,
          schedule: ScheduleExpression.cron({ ...definition.cron, timeZone: TimeZone.of(props.timeZone) }),
          // A repeated delivery names the same period, and copies already sent are not sent again.
          target: new LambdaInvoke(props.reportRun, {
            input: ScheduleTargetInput.fromObject({ kind: definition.kind, asOf: ContextAttribute.scheduledTime }),
            retryAttempts: 3,
            deadLetterQueue: props.deadLetters,
          }),
        }),
    );
  }
}
