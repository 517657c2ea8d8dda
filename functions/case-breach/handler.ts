import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { loadStaffDirectory } from '#shared/adapters/dynamodb/staff-store.ts';
import { breachKey } from '#shared/cases/audit-keys.ts';
import { waitingOn } from '#shared/cases/case-level.ts';
import { type CaseStepState, caseKeyOf, caseStepState } from '#shared/cases/case-step-input.ts';
import { dueWhenAsked } from '#shared/cases/step-deadline.ts';
import { WAITING_STEPS } from '#shared/cases/waiting-steps.ts';
import { policyNow, workflowSecondsUntil } from '#shared/time/time-scale.ts';
import { caseRuntime } from '../case-runtime.ts';
import { logger } from '../logger.ts';
import { metrics } from '../metrics.ts';
import { caseCorrelation } from '../middleware/case-correlation.ts';
import { observe } from '../middleware/observe.ts';
import { parseEvent } from '../middleware/parse-event.ts';

const runtime = await caseRuntime();

export interface BreachOutput {
  reminder: number;
  seconds: number;
  dueBy: string;
}

/**
 * A missed deadline (Art. 26): recorded as a breach against the responsible person, and the case
 * waits again with a new deadline (another response-plan period for a plan, another working day
 * for a contact). It never stalls silently.
 */
export async function recordBreach(state: CaseStepState): Promise<BreachOutput> {
  const { cases, clock, calendar, doc, tables, policy } = runtime;
  const step = WAITING_STEPS[state.step];
  const { responsibleRole, revision } = waitingOn(policy, state, await cases.alert(state.customerId, state.alertId));
  const owner = (await loadStaffDirectory(doc, tables)).ownerOf(responsibleRole, state.storeId);
  const now = policyNow();
  const nextDue = dueWhenAsked(policy, calendar, state.step, now);
  await cases.audit(state.customerId, state.alertId, {
    step: breachKey(state, state.reminder, revision),
    at: clock.formatInstant(now),
    actor: owner.id,
    what: `breach: ${step.titleEn.toLowerCase()} not done by ${step.deadlineOf(state.verification.deadlines)}`,
    details: { breach: true, deadline: state.step, responsible: owner.id, role: responsibleRole },
  });
  metrics.addMetric('Breaches', MetricUnit.Count, 1);
  logger.warn('deadline missed', {
    caseKey: caseKeyOf(state),
    step: state.step,
    responsible: owner.id,
    round: state.reminder,
  });
  return {
    reminder: state.reminder + 1,
    seconds: workflowSecondsUntil(nextDue, now),
    dueBy: clock.formatInstant(nextDue),
  };
}

export const handler = middy<CaseStepState, BreachOutput>()
  .use(observe())
  .use(caseCorrelation())
  .use(logMetrics(metrics))
  .use(parseEvent(caseStepState))
  .handler(recordBreach);
