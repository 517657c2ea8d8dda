import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SESClient } from '@aws-sdk/client-ses';
import { SFNClient } from '@aws-sdk/client-sfn';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { AlertWriter } from '#shared/adapters/dynamodb/alert-writer.ts';
import { CaseStore } from '#shared/adapters/dynamodb/case-store.ts';
import { CustomerScan } from '#shared/adapters/dynamodb/customer-scan.ts';
import { ModelStore } from '#shared/adapters/dynamodb/model-store.ts';
import { OpenWorkReader } from '#shared/adapters/dynamodb/open-work-reader.ts';
import { quarantineBatchId, ScanQuarantine } from '#shared/adapters/dynamodb/scan-quarantine.ts';
import { SnapshotStore } from '#shared/adapters/dynamodb/snapshot-store.ts';
import { loadStaffDirectory } from '#shared/adapters/dynamodb/staff-store.ts';
import { readSendQuota } from '#shared/adapters/ses/send-quota.ts';
import { StepFunctionsCaseStarter } from '#shared/adapters/stepfunctions/case-executions.ts';
import { CaseReconciler } from '#shared/adapters/stepfunctions/case-reconciler.ts';
import { StepHandOver } from '#shared/adapters/stepfunctions/step-hand-over.ts';
import { tableNamesFromEnv } from '#shared/adapters/table-specs.ts';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import { sesRegion } from '#shared/mail/ses-region.ts';
import { ModelBook } from '#shared/model/model-book.ts';
import { RiskBook } from '#shared/model/risk-book.ts';
import { mailBudget } from '#shared/queue/mail-budget.ts';
import { openCases } from '#shared/scan/open-cases.ts';
import {
  type OpenCasesResult,
  openCasesRequest,
  type SegmentRequest,
  type SegmentResult,
  segmentRequest,
  segmentsFailed,
} from '#shared/scan/scan-run.ts';
import { scanSegment } from '#shared/scan/scan-segment.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { logger } from '../logger.ts';
import { metrics } from '../metrics.ts';
import { observe } from '../middleware/observe.ts';
import { parseEvent } from '../middleware/parse-event.ts';
import { policyFromEnv } from '../policy-from-env.ts';
import { traced, tracedDocumentClient } from '../tracer.ts';

const tables = tableNamesFromEnv();
const doc = tracedDocumentClient();
const policy = policyFromEnv();
const source = new CustomerScan(doc, tables);
const alerts = new AlertWriter(doc, tables);
const snapshots = new SnapshotStore(doc, tables);
const modelStore = new ModelStore(doc, tables);
const work = new OpenWorkReader(doc, tables);
const quarantine = new ScanQuarantine(doc, tables);
const stateMachineArn = process.env.CASE_STATE_MACHINE_ARN;
if (!stateMachineArn) throw new Error('environment variable CASE_STATE_MACHINE_ARN (the case workflow) is not set');
const sfn = traced(new SFNClient({ maxAttempts: 5 }));
const cases = new StepFunctionsCaseStarter(sfn, stateMachineArn);
const caseStore = new CaseStore(doc, tables);
const handOver = new StepHandOver(caseStore, sfn, policy);
const reconciler = new CaseReconciler(sfn, stateMachineArn, caseStore, new ZonedClock(policy.timeZone));
// Only the quota is read here (the mail region's): new cases open within what SES can carry today.
const ses = traced(new SESClient({ maxAttempts: 3, ...sesRegion() }));

/** One segment of a scheduled scan, invoked by the scan workflow's Map once per segment. */
export async function scanOneSegment(request: SegmentRequest, context: Context): Promise<SegmentResult> {
  // The month's fitted models, read at each invocation: a new fit takes effect at the next scan.
  const fitted = await modelStore.current();
  const models = fitted.length > 0 ? new ModelBook(fitted, policy.model.horizonWeeks) : undefined;
  const risks = fitted.length > 0 ? new RiskBook(fitted, policy) : undefined;
  const result = await scanSegment(request, {
    source,
    alerts,
    cases,
    snapshots,
    policy,
    ...(models ? { models } : {}),
    ...(risks ? { risks } : {}),
    timeLeft: () => context.getRemainingTimeInMillis(),
    handOver: (customerId, alertId) => handOver.afterEscalation(customerId, alertId),
    quarantine,
  });
  metrics.addMetric('CustomersScanned', MetricUnit.Count, result.scanned);
  metrics.addMetric('AlertsRaised', MetricUnit.Count, result.raised);
  metrics.addMetric('AlertsEscalated', MetricUnit.Count, result.escalated);
  metrics.addMetric('AlertsDequeued', MetricUnit.Count, result.dequeued);
  metrics.addMetric('CasesStarted', MetricUnit.Count, result.casesStarted);
  metrics.addMetric('CasesPendingStart', MetricUnit.Count, result.casesPending);
  for (const level of [1, 2, 3] as const) {
    metrics.addMetric(`CustomersAtLevel${level}`, MetricUnit.Count, result.byLevel[level]);
    metrics.addMetric(`AlertsRaisedLevel${level}`, MetricUnit.Count, result.raisedByLevel[level]);
  }
  // Alarmed (infra/operations.ts): a customer the scans cannot read, score or write needs repair.
  metrics.addMetric('CustomersQuarantined', MetricUnit.Count, result.quarantined);
  if (result.quarantined > 0) {
    logger.error('customers quarantined: left out of this scan, recorded in the rejected records table', {
      rejectsBatchId: quarantineBatchId(request.runId),
      quarantined: result.quarantined,
      // The customer id may be a phone number: masked, as everywhere in the logs; the table keeps it whole.
      customers: (result.quarantine ?? []).map((entry) => ({ ...entry, customerId: maskedCustomer(entry.customerId) })),
    });
  }
  // The count goes back to the workflow, not the list: the Map keeps every segment's result in the
  // run's state, which Step Functions caps at 256 KB.
  const { quarantine: _listed, ...counts } = result;
  logger.info('segment scanned', { ...counts, nextKey: result.nextKey ? 'more' : undefined });
  return counts;
}

/**
 * The scan run's last step (the same function, so it has the segments' tables and rights): opens
 * the queued alerts the owners have room for, after every segment has raised its alerts.
 */
export async function openRunCases(
  request: z.output<typeof openCasesRequest>,
  context: Context,
): Promise<OpenCasesResult> {
  const result = await openCases(request, {
    work,
    alerts,
    cases,
    staff: () => loadStaffDirectory(doc, tables),
    policy,
    timeLeft: () => context.getRemainingTimeInMillis(),
    mailBudget: async () =>
      mailBudget(
        await readSendQuota(ses, (reason) =>
          logger.warn('SES quota unknown: cases open at the policy pace', { reason }),
        ),
        policy.workQueue,
      ),
    reconcile: async (open) => {
      const { closed } = await reconciler.sweep(open.map((entry) => ({ ...entry, status: entry.state })));
      for (const stuck of closed)
        logger.warn('case closed: it ended outside its workflow', {
          caseKey: `${stuck.customerId}#${stuck.alertId}`,
          reason: stuck.reason,
        });
      return closed.length;
    },
    onUnreadable: (keys) => {
      // The customer id may be a phone number: masked, as everywhere in the logs.
      if (keys.length > 0)
        logger.error('alerts whose stored record does not parse are left out of the queue', {
          alerts: keys.map((key) => {
            const [customerId = '', ...alertId] = key.split('#');
            return `${maskedCustomer(customerId)}#${alertId.join('#')}`;
          }),
        });
    },
  });
  metrics.addMetric('CasesOpened', MetricUnit.Count, result.opened);
  metrics.addMetric('CasesPendingStart', MetricUnit.Count, result.pending);
  metrics.addMetric('AlertsQueued', MetricUnit.Count, result.queued);
  metrics.addMetric('CasesHeldForMail', MetricUnit.Count, result.heldForMail);
  if (result.heldForMail > 0)
    logger.warn("cases held back for the account's SES quota: they open at the next scan", {
      heldForMail: result.heldForMail,
    });
  metrics.addMetric('CasesReconciled', MetricUnit.Count, result.reconciled);
  // Cases were opened from the segments that did scan; the workflow fails the run with this after.
  const failed = segmentsFailed(request.segmentResults);
  if (failed !== undefined)
    logger.error('scan segments failed after their retries', { runId: request.runId, segmentsFailed: failed });
  if (result.unstaffed.length > 0)
    logger.warn('alerts wait for owners nobody holds: load the staff directory', { unstaffed: result.unstaffed });
  logger.info('cases opened', { ...result, unstaffed: result.unstaffed.length });
  return failed === undefined ? result : { ...result, segmentsFailed: failed };
}

const scanStep = z.union([openCasesRequest, segmentRequest]);

export const handler = middy<z.output<typeof scanStep>, SegmentResult | OpenCasesResult>()
  .use(observe())
  .use(logMetrics(metrics))
  .use(parseEvent(scanStep))
  .handler((request, context) =>
    'step' in request ? openRunCases(request, context) : scanOneSegment(request, context),
  );
