import middy from '@middy/core';
import { z } from 'zod';
import { CLOSE_KEY } from '#shared/cases/audit-keys.ts';
import { closeOutcome, quietAfterClose, quietDaysAfter } from '#shared/cases/case-close.ts';
import { caseExecutionInput } from '#shared/cases/case-input.ts';
import { policyNow } from '#shared/time/time-scale.ts';
import { countCaseClosed } from '../case-closed-metric.ts';
import { caseRuntime } from '../case-runtime.ts';
import { logger } from '../logger.ts';
import { caseCorrelation } from '../middleware/case-correlation.ts';
import { observe } from '../middleware/observe.ts';
import { parseEvent } from '../middleware/parse-event.ts';

const runtime = await caseRuntime();

export const closeEvent = caseExecutionInput.extend({
  outcome: closeOutcome,
  reason: z.string().min(1),
  by: z.string().default('system'),
});
export type CloseEvent = z.infer<typeof closeEvent>;

/** Ends a case with its outcome and reason (Art. 17): the reason goes into the churn reason analysis. */
export async function closeCase(event: CloseEvent): Promise<{ outcome: string }> {
  const { cases, clock, policy } = runtime;
  const now = policyNow();
  const at = clock.formatInstant(now);
  // The case's level now bounds the quiet period: read only when there is one.
  const alert =
    quietDaysAfter(policy, event.outcome) > 0 ? await cases.alert(event.customerId, event.alertId) : undefined;
  const quiet = quietAfterClose(policy, event.outcome, alert?.level ?? event.level, now, (ms) =>
    clock.formatInstant(ms),
  );
  await cases.update(
    event.customerId,
    event.alertId,
    event.outcome,
    { closedAt: at, outcomeReason: event.reason },
    { step: CLOSE_KEY, at, actor: event.by, what: `closed: ${event.outcome}`, details: { reason: event.reason } },
    quiet ? { quiet } : true,
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
