import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { caseKeyOf, caseStepState, type CaseStepState } from '#shared/cases/case-step-input.ts';
import { loadStaffDirectory } from '#shared/store/dynamodb/staff-store.ts';
import { workflowSecondsUntil } from '#shared/time/time-scale.ts';
import { caseRuntime } from '../case-runtime.ts';
import { logger } from '../logger.ts';
import { metrics } from '../metrics.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parseEvent } from '../middleware/parse-event.ts';

const runtime = await caseRuntime();

export interface BreachOutput {
  reminder: number;
  responsePlanSeconds: number;
  responsePlanBy: string;
}

/**
 * A missed deadline (Art. 26): recorded as a breach against the responsible person, and the case
 * waits again, with a new deadline a response-plan period away. It never stalls silently.
 */
export async function recordBreach(state: CaseStepState): Promise<BreachOutput> {
  const { cases, clock, doc, tables, policy } = runtime;
  const owner = (await loadStaffDirectory(doc, tables)).holderOf(state.verification.ownerRole, state.storeId);
  const now = Date.now();
  const nextDue = now + policy.deadlines.responsePlanHours * 3_600_000;
  await cases.audit(state.customerId, state.alertId, {
    step: `02-breach-${state.reminder}`,
    at: clock.formatInstant(now),
    actor: owner.id,
    what: `breach: response plan not submitted by ${state.verification.deadlines.responsePlanBy}`,
    details: { breach: true, deadline: 'response_plan', responsible: owner.id, role: state.verification.ownerRole },
  });
  metrics.addMetric('Breaches', MetricUnit.Count, 1);
  logger.warn('deadline missed', { caseKey: caseKeyOf(state), responsible: owner.id, round: state.reminder });
  return { reminder: state.reminder + 1, responsePlanSeconds: workflowSecondsUntil(nextDue, now), responsePlanBy: clock.formatInstant(nextDue) };
}

export const handler = middy<CaseStepState, BreachOutput>().use(injectLambdaContext(logger)).use(logMetrics(metrics)).use(parseEvent(caseStepState)).handler(recordBreach);
