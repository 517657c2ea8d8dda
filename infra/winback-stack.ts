import {
  AspectPriority,
  Aspects,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { AccountRootPrincipal, ArnPrincipal, CompositePrincipal, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { tableEnvironment } from '#shared/adapters/table-specs.ts';
import type { Policy } from '#shared/policy/policy-schema.ts';
import { DEFAULT_PRESET, presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { CaseWorkflow } from '../workflows/case-workflow.ts';
import { ScanWorkflow } from '../workflows/scan-workflow.ts';
import { DataTables } from './data-tables.ts';
import { DigestSchedule } from './digest-schedule.ts';
import { IngestApi } from './ingest-api.ts';
import { JustifiedWildcards } from './justified-wildcards.ts';
import { LinksApi } from './links-api.ts';
import { allowCloudWatchLogs, EncryptedLogGroups } from './log-group-encryption.ts';
import { CrossRegionMailFeedback, MailFeedback, MailRegionStack, type MailTarget } from './mail-feedback.ts';
import { ModelFitSchedule } from './model-fit-schedule.ts';
import { deadLetterQueue, Operations } from './operations.ts';
import { ReportSchedules } from './report-schedules.ts';
import { ScanSchedules } from './scan-schedules.ts';
import { WinbackFunction, type WinbackFunctionProps } from './winback-function.ts';

export interface WinbackStackProps extends StackProps {
  /** The chain's policy preset (WINBACK_POLICY for the functions). */
  policyPreset?: string;
  /** The chain's own policy (a validated policy file), instead of a preset. */
  policy?: Policy;
  /** Parallel scan segments, each one Lambda invocation (or a few, for very large segments). */
  scanSegments?: number;
  /** The verified SES identity emails come from. */
  mailFrom?: string;
  /**
   * SES in another region than the stack's (which has none, e.g. Hong Kong): the functions send
   * there, and the configuration set with its feedback topic deploys there as a stack of its own.
   */
  mailRegion?: string;
  /** Where alarms are emailed. */
  opsEmail?: string;
  /**
   * While a chain deployed before events were keyed by customer moves its events: the old Events
   * table, which ingestion also checks a new event against (docs/deploy.md).
   */
  legacyEventsTable?: string;
  /**
   * Who may assume the privacy officer's role (IAM role or user ARNs). Without them the account's
   * own IAM policies decide (the account root is trusted), which a chain should not leave so.
   */
  privacyOfficers?: string[];
}

/**
 *   sources --POST--> IngestApi --> ingest functions --> DataTables (Customers, Events, ...)
 *   ScanSchedules --> ScanWorkflow --Map--> scan-segment --> Alerts, Snapshots   (reads Models)
 *   ModelFitSchedule --> model-fit --> Models (monthly, per store)
 *                                               \--> CaseWorkflow (one execution per alert) --> verify -> ...
 *   ReportSchedules --> report-run --> ReportsBucket (CSV + page) and SES (to each report's audience)
 *   DigestSchedule --> staff-digest --> SES (each person's open steps, each working morning)
 *   (model-fit, report-run failures) --> DeadLetters;  Operations: alarms --> OpsAlerts topic, dashboard
 */
export class WinbackStack extends Stack {
  readonly data: DataTables;
  readonly scoreCustomer: WinbackFunction;
  /** The stack of the mail region, when SES is used in another region (props.mailRegion). */
  readonly mailStack: MailRegionStack | undefined;

  constructor(scope: Construct, id: string, props: WinbackStackProps = {}) {
    super(scope, id, props);
    const policyPreset = props.policy ? 'file' : (props.policyPreset ?? DEFAULT_PRESET);
    const policy = props.policy ?? presetPolicy(policyPreset);
    const policyDocument = props.policy ? JSON.stringify(props.policy) : undefined;
    // Every function of the stack, with the chain's policy compiled in when it has its own.
    const winbackFunction = (id: string, functionProps: WinbackFunctionProps) =>
      new WinbackFunction(this, id, { ...functionProps, ...(policyDocument ? { policyDocument } : {}) });
    this.data = new DataTables(this, 'Data');
    const { tables } = this.data;
    const environment = { ...tableEnvironment(this.data.names), WINBACK_POLICY: policyPreset };
    // For the CLI against this deployment: `export $(aws cloudformation describe-stacks ... TableEnvironment ...)`.
    new CfnOutput(this, 'TableEnvironment', {
      description: 'The table names as the winback CLI reads them from the environment',
      value: Object.entries(tableEnvironment(this.data.names))
        .map(([name, value]) => `${name}=${value}`)
        .join(' '),
    });

    const ingestEvents = winbackFunction('IngestEvents', {
      handlerModule: 'ingest-events/handler.ts',
      description: 'POST /v1/events: validates, dedupes and writes events with the customer state',
      environment,
    });
    tables.customers.grantReadWriteData(ingestEvents);
    // Read too: a conflicting event is compared with the one kept under its key.
    tables.events.grantReadWriteData(ingestEvents);
    tables.rejects.grantWriteData(ingestEvents);
    if (props.legacyEventsTable) {
      ingestEvents.addEnvironment('LEGACY_EVENTS_TABLE', props.legacyEventsTable);
      ingestEvents.addToRolePolicy(
        new PolicyStatement({
          actions: ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:BatchGetItem'],
          resources: [
            this.formatArn({ service: 'dynamodb', resource: 'table', resourceName: props.legacyEventsTable }),
          ],
        }),
      );
      // The old table was this stack's, under the same key.
      this.data.key.grantDecrypt(ingestEvents);
    }

    const ingestCustomers = winbackFunction('IngestCustomers', {
      handlerModule: 'ingest-customers/handler.ts',
      description: 'POST /v1/customers: customer profiles, contact data apart',
      environment,
    });
    tables.customers.grantReadWriteData(ingestCustomers);
    tables.contacts.grantWriteData(ingestCustomers);
    tables.rejects.grantWriteData(ingestCustomers);
    // The chain's stores are the staff directory's: a record for another store is refused.
    for (const fn of [ingestEvents, ingestCustomers]) tables.staff.grantReadData(fn);

    const verify = winbackFunction('CaseVerify', {
      handlerModule: 'case-verify/handler.ts',
      description: 'Case step 1: re-scores the customer, closes a self-recovered case, names owner and deadlines',
      environment,
    });
    tables.customers.grantReadWriteData(verify);
    tables.alerts.grantReadWriteData(verify);
    // The audit trail is append-only: PutItem (under a not-exists condition), never Update or Delete.
    tables.audit.grant(verify, 'dynamodb:PutItem');
    this.data.key.grantEncryptDecrypt(verify);

    // Case steps that write to people: the staff directory, mail through SES, links with unguessable ids.
    const linkSecret = new Secret(this, 'LinkSecret', {
      description: 'Keys the ids of the links in Winback emails (the ids of links issued from then on change with it)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(linkSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A link is looked up by its id, so a new value only changes the ids of links issued afterwards; ops rotate it when a leak is suspected (docs/deploy.md), not on a timer',
    });
    const casePage = winbackFunction('CasePage', {
      handlerModule: 'case-page/handler.ts',
      description: 'The pages behind email links: GET shows a step, POST decides it once',
      // The link secret keys the customer references staff tell customers apart by (shared/privacy/customer-reference.ts).
      environment: { ...environment, LINK_SECRET_ARN: linkSecret.secretArn },
    });
    const worklistPage = winbackFunction('WorklistPage', {
      handlerModule: 'worklist-page/handler.ts',
      description:
        "A person's worklist behind the link in their morning digest: their open steps, their team's overdue ones, their line of queued alerts; decides nothing",
      environment: { ...environment, LINK_SECRET_ARN: linkSecret.secretArn },
    });
    // It reads the open work and the staff; it issues the line above their read-only step links (the Links table).
    linkSecret.grantRead(worklistPage);
    for (const table of [tables.alerts, tables.staff]) table.grantReadData(worklistPage);
    tables.links.grantReadWriteData(worklistPage);
    const links = new LinksApi(this, 'Links', { casePage, worklistPage });
    const mailFrom = props.mailFrom ?? 'winback@example.com';
    // Bounces and complaints come back through SNS; mail to someone who bounces goes to their deputy.
    const mailFeedback = winbackFunction('MailFeedback', {
      handlerModule: 'mail-feedback/handler.ts',
      description: 'SES bounces and complaints: marks the staff address undeliverable so that the deputy stands in',
      environment,
    });
    tables.staff.grant(mailFeedback, 'dynamodb:Scan', 'dynamodb:UpdateItem');
    this.data.key.grantEncryptDecrypt(mailFeedback);
    this.mailStack = props.mailRegion
      ? new MailRegionStack(scope, `${id}Mail`, {
          mailRegion: props.mailRegion,
          mainStackName: this.stackName,
          description: `Winback: the SES configuration set and bounce feedback of ${this.stackName}, in its mail region`,
        })
      : undefined;
    const feedback: MailTarget = this.mailStack
      ? new CrossRegionMailFeedback(this, 'Mail', { mailFeedback, mailStack: this.mailStack })
      : new MailFeedback(this, 'Mail', { mailFeedback });
    const mailRegion = feedback.region ?? this.region;
    // MAIL_REGION: the region the functions' SES clients use (shared/mail/ses-region.ts), when not their own.
    const mailEnvironment = {
      MAIL_FROM: mailFrom,
      MAIL_CONFIGURATION_SET: feedback.configurationSetName,
      ...(feedback.region ? { MAIL_REGION: feedback.region } : {}),
    };
    const caseEnvironment = { ...environment, ...mailEnvironment };
    const notify = winbackFunction('CaseNotify', {
      handlerModule: 'case-notify/handler.ts',
      description: 'Case step 2: sends the owner the alert with a link for the response plan; the case waits',
      // The morning digest is scheduled below: reminders with days to go wait for it (shared/digest/reminder-fold.ts).
      environment: {
        ...caseEnvironment,
        LINK_SECRET_ARN: linkSecret.secretArn,
        LINK_BASE_URL: links.api.apiEndpoint,
        REMINDERS_IN_DIGEST: 'true',
      },
    });
    // Only notify issues links (the secret keys their ids); the page looks them up.
    linkSecret.grantRead(notify);
    tables.links.grant(notify, 'dynamodb:PutItem', 'dynamodb:UpdateItem');
    const breach = winbackFunction('CaseBreach', {
      handlerModule: 'case-breach/handler.ts',
      description: 'Records a missed deadline against the responsible person',
      environment: caseEnvironment,
    });
    const close = winbackFunction('CaseClose', {
      handlerModule: 'case-close/handler.ts',
      description: 'Ends a case with its outcome and reason',
      environment: caseEnvironment,
    });
    tables.customers.grantReadWriteData(close);
    const execute = winbackFunction('CaseExecute', {
      handlerModule: 'case-execute/handler.ts',
      description:
        'Issues the plan benefit to the ledger once every approval its cost needs is there, or asks for the next',
      environment: { ...caseEnvironment, LINK_SECRET_ARN: linkSecret.secretArn },
    });
    tables.ledger.grant(execute, 'dynamodb:PutItem');
    const failed = winbackFunction('CaseFailed', {
      handlerModule: 'case-failed/handler.ts',
      description:
        'Records a case that cannot go on (a step failed after its retries, or nobody answered) and emails the head of operations',
      environment: { ...caseEnvironment, LINK_SECRET_ARN: linkSecret.secretArn },
    });
    tables.customers.grantReadWriteData(failed);
    const followUp = winbackFunction('CaseFollowUp', {
      handlerModule: 'case-follow-up/handler.ts',
      description: 'A round of tracking: won back, lost at the end of the window, or a follow-up task for the owner',
      environment: { ...caseEnvironment, LINK_SECRET_ARN: linkSecret.secretArn },
    });
    tables.customers.grantReadData(followUp);
    // Only as the sender address (verified on its own or through its domain), under the configuration set that reports bounces.
    const sendMail = new PolicyStatement({
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [
        ...[mailFrom, mailFrom.split('@')[1] ?? mailFrom].map(
          (identity) => `arn:${this.partition}:ses:${mailRegion}:${this.account}:identity/${identity}`,
        ),
        `arn:${this.partition}:ses:${mailRegion}:${this.account}:configuration-set/${feedback.configurationSetName}`,
      ],
    });
    followUp.addToRolePolicy(sendMail);
    for (const fn of [notify, breach, close, followUp, execute, failed]) {
      tables.alerts.grantReadWriteData(fn);
      tables.staff.grantReadData(fn);
      tables.audit.grant(fn, 'dynamodb:PutItem');
      this.data.key.grantEncryptDecrypt(fn);
    }
    // The internet-facing page: one case and one link at a time, conditional writes, never a Scan, Query or Delete.
    tables.alerts.grant(casePage, 'dynamodb:GetItem', 'dynamodb:UpdateItem');
    tables.links.grant(casePage, 'dynamodb:GetItem', 'dynamodb:UpdateItem');
    tables.audit.grant(casePage, 'dynamodb:PutItem');
    this.data.key.grantEncryptDecrypt(casePage);
    notify.addToRolePolicy(sendMail);
    failed.addToRolePolicy(sendMail);
    // The issuing step tells the owner the benefit's code.
    execute.addToRolePolicy(sendMail);
    // Only notify issues links; these read the secret for the customer references in what staff read, never to sign a link.
    for (const fn of [casePage, execute, failed, followUp]) linkSecret.grantRead(fn);
    const cases = new CaseWorkflow(this, 'Case', { verify, notify, breach, execute, followUp, close, failed });
    cases.stateMachine.grantTaskResponse(casePage);
    // The owner of a step that talks to the customer may see how to reach them, each full view recorded.
    tables.contacts.grant(casePage, 'dynamodb:GetItem');

    const scanSegment = winbackFunction('ScanSegment', {
      handlerModule: 'scan-segment/handler.ts',
      description:
        'Scans one segment of the Customers table, raises, escalates and queues alerts; its last step opens the cases owners have room for',
      environment: {
        ...environment,
        CASE_STATE_MACHINE_ARN: cases.stateMachine.stateMachineArn,
        ...(feedback.region ? { MAIL_REGION: feedback.region } : {}),
      },
      memorySize: 1024,
      timeout: Duration.minutes(15),
    });
    // The opening step opens no more cases than the account's SES quota can email today (it sends nothing).
    scanSegment.addToRolePolicy(new PolicyStatement({ actions: ['ses:GetSendQuota'], resources: ['*'] }));
    tables.customers.grantReadWriteData(scanSegment);
    tables.alerts.grantReadWriteData(scanSegment);
    tables.snapshots.grantWriteData(scanSegment);
    // Customers a scan cannot read, score or write are kept beside the refused records (quarantine).
    tables.rejects.grantWriteData(scanSegment);
    tables.models.grantReadData(scanSegment);
    cases.stateMachine.grantStartExecution(scanSegment);
    // The opening step: owners' capacity from the staff directory; stuck cases looked up and closed (audited).
    tables.staff.grantReadData(scanSegment);
    tables.audit.grant(scanSegment, 'dynamodb:PutItem');
    cases.stateMachine.grantExecution(scanSegment, 'states:DescribeExecution');
    // An escalation hands a waiting step to the new level's owner (SendTaskFailure on its token).
    cases.stateMachine.grantTaskResponse(scanSegment);

    const scan = new ScanWorkflow(this, 'Scan', { scanSegment });

    // Erasure on request (PIPL, SPEC section 8): through the API, for the privacy officer's role only.
    const officers = props.privacyOfficers ?? [];
    const privacyOfficer = new Role(this, 'PrivacyOfficer', {
      // The named people's roles when the chain gives them, so that no other principal of the account can erase.
      assumedBy:
        officers.length > 0
          ? new CompositePrincipal(...officers.map((arn) => new ArnPrincipal(arn)))
          : new AccountRootPrincipal(),
      description:
        'Winback: erases a customer on request (POST /v1/erasures); assumed by the people who handle personal-data requests',
    });
    const eraseCustomer = winbackFunction('EraseCustomer', {
      handlerModule: 'erase-customer/handler.ts',
      description:
        'POST /v1/erasures: deletes or anonymises everything about a customer, stops the open case, records that it happened',
      environment: {
        ...environment,
        CASE_STATE_MACHINE_ARN: cases.stateMachine.stateMachineArn,
        ERASURE_ROLE_NAME: privacyOfficer.roleName,
      },
      timeout: Duration.minutes(5),
    });
    const eraseActions: Array<[keyof typeof tables, string[]]> = [
      ['customers', ['dynamodb:DeleteItem']],
      ['contacts', ['dynamodb:GetItem', 'dynamodb:DeleteItem']],
      ['events', ['dynamodb:Query', 'dynamodb:DeleteItem']],
      ['alerts', ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem']],
      [
        'audit',
        ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      ],
      ['ledger', ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem']],
      ['links', ['dynamodb:Query', 'dynamodb:DeleteItem']],
      ['snapshots', ['dynamodb:Scan', 'dynamodb:DeleteItem']],
      ['rejects', ['dynamodb:Scan', 'dynamodb:DeleteItem']],
    ];
    for (const [table, actions] of eraseActions) tables[table].grant(eraseCustomer, ...actions);
    this.data.key.grantEncryptDecrypt(eraseCustomer);
    cases.stateMachine.grantExecution(eraseCustomer, 'states:StopExecution');
    const ingest = new IngestApi(this, 'Ingest', { ingestEvents, ingestCustomers, eraseCustomer });
    privacyOfficer.addToPolicy(
      new PolicyStatement({
        actions: ['execute-api:Invoke'],
        resources: [ingest.api.arnForExecuteApi('POST', '/v1/erasures')],
      }),
    );
    const deadLetters = deadLetterQueue(this);
    new ScanSchedules(this, 'Schedules', {
      scanWorkflow: scan.stateMachine,
      timeZone: policy.timeZone,
      totalSegments: props.scanSegments ?? 8,
      deadLetters,
    });

    const modelFit = winbackFunction('ModelFit', {
      handlerModule: 'model-fit/handler.ts',
      description: 'Fits the BG/NBD model per store on every customer, monthly; scans read the current models',
      environment,
      memorySize: 2048,
      timeout: Duration.minutes(15),
    });
    tables.customers.grantReadData(modelFit);
    tables.models.grantWriteData(modelFit);
    new ModelFitSchedule(this, 'ModelFitSchedule', { modelFit, timeZone: policy.timeZone, deadLetters });

    // Reports keep masked customer ids only; the bucket is private, encrypted, versioned and its access logged all the same.
    const accessLogs = new Bucket(this, 'ReportsAccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'the access-log bucket of the reports bucket: logging it would log the logs',
    });
    const reportsBucket = new Bucket(this, 'Reports', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'reports/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const reportRun = winbackFunction('ReportRun', {
      handlerModule: 'report-run/handler.ts',
      description:
        'Builds a scheduled report for the period just ended, stores it and emails each copy to its audience',
      environment: {
        ...environment,
        REPORTS_BUCKET: reportsBucket.bucketName,
        ...mailEnvironment,
        LINK_SECRET_ARN: linkSecret.secretArn,
      },
      memorySize: 1024,
      timeout: Duration.minutes(15),
    });
    // For the customer references on the lists, never to sign a link.
    linkSecret.grantRead(reportRun);
    for (const table of [tables.alerts, tables.audit, tables.ledger, tables.customers, tables.events, tables.staff])
      table.grantReadData(reportRun);
    tables.snapshots.grantReadWriteData(reportRun);
    this.data.key.grantDecrypt(reportRun);
    reportRun.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [reportsBucket.arnForObjects('reports/*')] }),
    );
    reportRun.addToRolePolicy(sendMail);
    new ReportSchedules(this, 'ReportSchedules', { reportRun, timeZone: policy.timeZone, deadLetters });

    const staffDigest = winbackFunction('StaffDigest', {
      handlerModule: 'staff-digest/handler.ts',
      description:
        'Emails each person their open steps each working morning, overdue first; the line above the overdue steps that reached them',
      environment: { ...caseEnvironment, LINK_SECRET_ARN: linkSecret.secretArn, LINK_BASE_URL: links.api.apiEndpoint },
      memorySize: 512,
      timeout: Duration.minutes(5),
    });
    // For the customer references, and to issue the line above its read-only links (the same ids notify gives them).
    linkSecret.grantRead(staffDigest);
    for (const table of [tables.alerts, tables.staff]) table.grantReadData(staffDigest);
    tables.links.grantReadWriteData(staffDigest);
    tables.snapshots.grantReadWriteData(staffDigest);
    staffDigest.addToRolePolicy(sendMail);
    new DigestSchedule(this, 'DigestSchedule', { staffDigest, timeZone: policy.timeZone, deadLetters });
    // Invoked asynchronously by their schedules: a failure after Lambda's own retries lands in the dead-letter queue.
    for (const fn of [modelFit, reportRun, staffDigest])
      fn.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(deadLetters) });

    this.scoreCustomer = winbackFunction('ScoreCustomer', {
      handlerModule: 'score-customer/handler.ts',
      description:
        "Scores one customer file under the chain's policy, or a preset (for ops to check a customer by hand)",
      environment: { WINBACK_POLICY: policyPreset },
    });

    new Operations(this, 'Operations', {
      caseWorkflow: cases.stateMachine,
      scanWorkflow: scan.stateMachine,
      functions: {
        ingestEvents,
        ingestCustomers,
        eraseCustomer,
        mailFeedback,
        verify,
        casePage,
        worklistPage,
        notify,
        breach,
        close,
        execute,
        followUp,
        failed,
        scanSegment,
        modelFit,
        reportRun,
        staffDigest,
        scoreCustomer: this.scoreCustomer,
      },
      deadLetters,
      ...(props.opsEmail ? { opsEmail: props.opsEmail } : {}),
    });

    Aspects.of(this).add(new JustifiedWildcards());
    // Every log group on the data key (docs/security.md): logs can name what a step did for a customer.
    allowCloudWatchLogs(this.data.key);
    Aspects.of(this).add(new EncryptedLogGroups(this.data.key), { priority: AspectPriority.MUTATING });
  }
}
