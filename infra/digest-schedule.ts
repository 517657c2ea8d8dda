import { TimeZone } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DIGEST_SCHEDULE } from '#shared/digest/digest-schedule.ts';

/** The morning digest's EventBridge Scheduler schedule (shared/digest/digest-schedule.ts), in the policy's time zone. */
export class DigestSchedule extends Construct {
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: { staffDigest: IFunction; timeZone: string; deadLetters: IQueue }) {
    super(scope, id);
    this.schedule = new Schedule(this, DIGEST_SCHEDULE.id, {
      description: DIGEST_SCHEDULE.description,
      schedule: ScheduleExpression.cron({ ...DIGEST_SCHEDULE.cron, timeZone: TimeZone.of(props.timeZone) }),
      // A repeated delivery names the same morning, and a person's digest goes out once a day.
      target: new LambdaInvoke(props.staffDigest, {
        input: ScheduleTargetInput.fromObject({ asOf: ContextAttribute.scheduledTime }),
        retryAttempts: 3,
        deadLetterQueue: props.deadLetters,
      }),
    });
  }
}
