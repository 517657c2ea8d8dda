import middy from '@middy/core';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Context } from 'aws-lambda';
import { scanSegment } from '#shared/scan/scan-segment.ts';
import { segmentRequest, type SegmentRequest, type SegmentResult } from '#shared/scan/scan-run.ts';
import { AlertWriter } from '#shared/store/dynamodb/alert-writer.ts';
import { CustomerScan } from '#shared/store/dynamodb/customer-scan.ts';
import { SnapshotStore } from '#shared/store/dynamodb/snapshot-store.ts';
import { ModelStore } from '#shared/store/dynamodb/model-store.ts';
import { ModelBook } from '#shared/model/model-book.ts';
import { StepFunctionsCaseStarter } from '#shared/store/stepfunctions/case-executions.ts';
import { tableNamesFromEnv } from '#shared/store/table-specs.ts';
import { logger } from '../logger.ts';
import { metrics } from '../metrics.ts';
import { parseEvent } from '../middleware/parse-event.ts';
import { policyFromEnv } from '../policy-from-env.ts';
import { traced, tracedDocumentClient } from '../tracer.ts';
import { observe } from '../middleware/observe.ts';

const tables = tableNamesFromEnv();
const doc = tracedDocumentClient();
const policy = policyFromEnv();
const source = new CustomerScan(doc, tables);
const alerts = new AlertWriter(doc, tables);
const snapshots = new SnapshotStore(doc, tables);
const modelStore = new ModelStore(doc, tables);
const stateMachineArn = process.env.CASE_STATE_MACHINE_ARN;
if (!stateMachineArn) throw new Error('environment variable CASE_STATE_MACHINE_ARN (the case workflow) is not set');
const cases = new StepFunctionsCaseStarter(traced(new SFNClient({ maxAttempts: 5 })), stateMachineArn);

/** One segment of a scheduled scan, invoked by the scan workflow's Map once per segment. */
export async function scanOneSegment(request: SegmentRequest, context: Context): Promise<SegmentResult> {
  // The month's fitted models, read at each invocation: a new fit takes effect at the next scan.
  const fitted = await modelStore.current();
  const models = fitted.length > 0 ? new ModelBook(fitted, policy.model.horizonWeeks) : undefined;
  const result = await scanSegment(request, { source, alerts, cases, snapshots, policy, ...(models ? { models } : {}), timeLeft: () => context.getRemainingTimeInMillis() });
  metrics.addMetric('CustomersScanned', MetricUnit.Count, result.scanned);
  metrics.addMetric('AlertsRaised', MetricUnit.Count, result.raised);
  metrics.addMetric('AlertsEscalated', MetricUnit.Count, result.escalated);
  metrics.addMetric('CasesStarted', MetricUnit.Count, result.casesStarted);
  metrics.addMetric('CasesPendingStart', MetricUnit.Count, result.casesPending);
  for (const level of [1, 2, 3] as const) {
    metrics.addMetric(`CustomersAtLevel${level}`, MetricUnit.Count, result.byLevel[level]);
    metrics.addMetric(`AlertsRaisedLevel${level}`, MetricUnit.Count, result.raisedByLevel[level]);
  }
  logger.info('segment scanned', { ...result, nextKey: result.nextKey ? 'more' : undefined });
  return result;
}

export const handler = middy<SegmentRequest, SegmentResult>()
  .use(observe())
  .use(logMetrics(metrics))
  .use(parseEvent(segmentRequest))
  .handler(scanOneSegment);
