import middy from '@middy/core';
import { z } from 'zod';
import { caseExecutionInput } from '#shared/cases/case-input.ts';
import type { Level } from '#shared/policy/policy-schema.ts';
import { policyNow } from '#shared/time/time-scale.ts';
import { countCaseClosed } from '../case-closed-metric.ts';
import { caseRuntime } from '../case-runtime.ts';
import { logger } from '../logger.ts';
import { caseCorrelation } from '../middleware/case-correlation.ts';
import { observe } from '../middleware/observe.ts';
import { parseEvent } from '../middleware/parse-event.ts';

const runtime = await caseRuntime();

export const closeEvent = caseExecutionInput.extend({
  outcome: z.enum(['refused', 'lost', 'recovered', 'false_alarm']),
  reason: z.string().min(1),
  by: z.string().default('system'),
});
export type CloseEvent = z.infer<typeof closeEvent>;

/** Ends a case with its outcome and reason (Art. 17): the reason goes into the churn reason analysis. */
export async function closeCase(event: CloseEvent): Promise<{ outcome: string }> {
  const { cases, clock, policy } = runtime;
  const now = policyNow();
  const at = clock.formatInstant(now);
  // Refused, lost or a false alarm: the customer is left in peace for the policy's quiet period (a recovered customer is not at risk).
  const quietDays = event.outcome === 'recovered' ? 0 : policy.deadlines.quietDaysAfterClose[event.outcome];
  const alert = quietDays > 0 ? await cases.alert(event.customerId, event.alertId) : undefined;
  // A refusal is respected at every level (the refusal itself scores as a warning sign); after a
  // lost case or a false alarm, only a level above the case's is news.
  const level = (event.outcome === 'refused' ? 3 : (alert?.level ?? event.level)) as Level;
  await cases.update(
    event.customerId,
    event.alertId,
    event.outcome,
    { closedAt: at, outcomeReason: event.reason },
    { step: '99-close', at, actor: event.by, what: `closed: ${event.outcome}`, details: { reason: event.reason } },
    quietDays > 0 && event.outcome !== 'recovered'
      ? { quiet: { until: clock.formatInstant(now + quietDays * 86_400_000), level, outcome: event.outcome } }
      : true,
  );
  // The case funnel's ends, one metric with the outcome as its dimension.
  countCaseClosed(event.outcome);
  logger.info('case closed', { caseKey: `${event.customerId}#${event.alertId}`, outcome: event.outcome });
  return { outcome: event.outcome };
}

export const handler = middy<CloseEvent, { outcome: string }>()
  .use(observe())
  .use(caseCorrelation())
  .use(parseEvent(closeEvent))
  .handler(closeCase);
