import { Duration, Validations } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  Stats,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface OperationsProps {
  caseWorkflow: IStateMachine;
  scanWorkflow: IStateMachine;
  /** Every function, for its error-rate alarm. */
  functions: Readonly<Record<string, IFunction>>;
  /** Where alarms are emailed (the topic can take more subscribers after deploy). */
  opsEmail?: string;
  /** Deadlines missed in a day above which ops are alerted. */
  breachesPerDay?: number;
  /** Where failed scheduled invocations wait (deadLetterQueue()). */
  deadLetters: Queue;
}

/**
 * The dead-letter queue of what runs on a schedule (the model fit, the reports): an event whose
 * function failed after its retries, or which EventBridge could not deliver, waits here 14 days.
 */
export function deadLetterQueue(scope: Construct): Queue {
  const queue = new Queue(scope, 'DeadLetters', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: 'this queue is the dead-letter queue of the scheduled functions and their schedules',
  });
  return queue;
}

/** The metrics the functions publish (Powertools, namespace Winback, dimension service). */
const winbackMetric = (
  metricName: string,
  dimensions: Record<string, string> = {},
  statistic: string = Stats.SUM,
  period = Duration.hours(1),
) =>
  new Metric({
    namespace: 'Winback',
    metricName,
    dimensionsMap: { service: 'winback', ...dimensions },
    statistic,
    period,
  });

/** Alarm names and what each means: the deploy guide's table of first responses reads the same list. */
export const ALARMS = {
  CaseExecutionsFailed:
    'a case failed: a step failed after its retries or nobody answered after every reminder (the head of operations was emailed the case)',
  ScanRunsFailed:
    'a scan run failed: a segment failed after its retries (the run names it; its customers wait for the next run, cases opened from the others), or the run could not go on',
  DeadLetters:
    'a scheduled scan could not be started, or a scheduled model fit or report run failed after its retries; its event waits in the dead-letter queue',
  CustomersQuarantined:
    "a scan left customers out because their item could not be read, scored or written; they are in the rejected records table under the run's id (batch scan:<run id>), the scans go on without them until repaired",
  BreachRate: 'more deadlines were missed in a day than the chain expects',
  CasesReconciled:
    'a case was closed because its execution had ended outside the workflow (stopped by hand, lost, or its failure not recorded)',
  PageErrors:
    'a link page (a step or a worklist) failed and showed its error page, asking the person to open the link again; the log names the error',
  FunctionErrors: 'a function fails more than 5% of its invocations',
} as const;

/**
 *   alarms (failed case and scan executions, dead letters, breach rate, each function's error rate)
 *     --> OpsAlerts topic (encrypted) --> ops email
 *   Dashboard: the case funnel (alerts, cases started, closed by outcome), breaches, answer times, errors
 */
export class Operations extends Construct {
  readonly topic: Topic;
  readonly deadLetters: Queue;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    // CloudWatch alarms can publish only to a topic whose key lets CloudWatch use it: an AWS-managed key cannot.
    const key = new Key(this, 'AlertsKey', { description: 'Winback ops alerts topic', enableKeyRotation: true });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'OpsAlerts', { displayName: 'Winback ops alerts', masterKey: key, enforceSSL: true });
    if (props.opsEmail) this.topic.addSubscription(new EmailSubscription(props.opsEmail));

    this.deadLetters = props.deadLetters;

    const action = new SnsAction(this.topic);
    const alarm = (
      name: keyof typeof ALARMS,
      metric: IMetric,
      threshold: number,
      evaluationPeriods = 1,
      suffix = '',
    ) => {
      const created = new Alarm(this, `${name}${suffix}`, {
        alarmDescription: `${ALARMS[name]}${suffix ? ` (${suffix})` : ''}`,
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      return created;
    };
    alarm(
      'CaseExecutionsFailed',
      props.caseWorkflow.metricFailed({ period: Duration.minutes(5), statistic: Stats.SUM }),
      1,
    );
    alarm('ScanRunsFailed', props.scanWorkflow.metricFailed({ period: Duration.minutes(5), statistic: Stats.SUM }), 1);
    alarm(
      'DeadLetters',
      this.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: Stats.MAXIMUM,
      }),
      1,
    );
    alarm('BreachRate', winbackMetric('Breaches', {}, Stats.SUM, Duration.days(1)), props.breachesPerDay ?? 20);
    alarm('CasesReconciled', winbackMetric('CasesReconciled', {}, Stats.SUM, Duration.hours(1)), 1);
    alarm('CustomersQuarantined', winbackMetric('CustomersQuarantined', {}, Stats.SUM, Duration.hours(1)), 1);
    alarm('PageErrors', winbackMetric('PageErrors', {}, Stats.SUM, Duration.minutes(15)), 1);
    for (const [name, fn] of Object.entries(props.functions)) {
      const rate = new MathExpression({
        expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
        usingMetrics: {
          errors: fn.metricErrors({ statistic: Stats.SUM }),
          invocations: fn.metricInvocations({ statistic: Stats.SUM }),
        },
        period: Duration.minutes(15),
        label: `${name} error %`,
      });
      alarm('FunctionErrors', rate, 5, 1, name);
    }

    const closed = (outcome: string) => winbackMetric('CasesClosed', { outcome }, Stats.SUM, Duration.days(1));
    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(30) });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          '## Winback\nThe case funnel: alerts raised, cases started, and how they ended. Alarms go to the OpsAlerts topic.',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Case funnel (per day)',
        width: 12,
        left: [
          winbackMetric('AlertsRaisedLevel1', {}, Stats.SUM, Duration.days(1)),
          winbackMetric('AlertsRaisedLevel2', {}, Stats.SUM, Duration.days(1)),
          winbackMetric('AlertsRaisedLevel3', {}, Stats.SUM, Duration.days(1)),
          winbackMetric('CasesStarted', {}, Stats.SUM, Duration.days(1)),
          closed('recovered'),
          closed('self_recovered'),
          closed('refused'),
          closed('lost'),
          closed('failed'),
        ],
      }),
      new GraphWidget({
        title: 'Deadlines missed and answer times',
        width: 12,
        left: [winbackMetric('Breaches', {}, Stats.SUM, Duration.days(1))],
        right: ['response_plan', 'contact', 'approval'].map((step) =>
          winbackMetric('StepAnswerSeconds', { step }, Stats.p(50), Duration.days(1)),
        ),
      }),
    );
    this.dashboard.addWidgets(
      new SingleValueWidget({
        title: 'Case executions (24 h)',
        width: 12,
        metrics: [
          props.caseWorkflow.metricStarted({ period: Duration.days(1) }),
          props.caseWorkflow.metricSucceeded({ period: Duration.days(1) }),
          props.caseWorkflow.metricFailed({ period: Duration.days(1) }),
        ],
      }),
      new GraphWidget({
        title: 'Function errors and dead letters',
        width: 12,
        left: Object.values(props.functions).map((fn) => fn.metricErrors({ period: Duration.hours(1) })),
        right: [this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })],
      }),
    );
  }
}
