import { TimeZone } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MODEL_FIT_SCHEDULE } from '#shared/model/model-fit-schedule.ts';

/** The monthly fit of the return models, as of its scheduled time, in the policy's time zone. */
export class ModelFitSchedule extends Construct {
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: { modelFit: IFunction; timeZone: string; deadLetters: IQueue }) {
    super(scope, id);
    this.schedule = new Schedule(this, MODEL_FIT_SCHEDULE.id, {
      description: MODEL_FIT_SCHEDULE.description,
      schedule: ScheduleExpression.cron({ ...MODEL_FIT_SCHEDULE.cron, timeZone: TimeZone.of(props.timeZone) }),
      target: new LambdaInvoke(props.modelFit, {
        input: ScheduleTargetInput.fromObject({ asOf: ContextAttribute.scheduledTime }),
        retryAttempts: 2,
        deadLetterQueue: props.deadLetters,
      }),
    });
  }
}
