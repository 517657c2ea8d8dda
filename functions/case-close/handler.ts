import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { z } from 'zod';
import { caseExecutionInput } from '#shared/cases/case-input.ts';
import { policyNow } from '#shared/time/time-scale.ts';
import { caseRuntime } from '../case-runtime.ts';
import { logger } from '../logger.ts';
import { parseEvent } from '../middleware/parse-event.ts';

const runtime = await caseRuntime();

export const closeEvent = caseExecutionInput.extend({
  outcome: z.enum(['refused', 'lost', 'recovered']),
  reason: z.string().min(1),
  by: z.string().default('system'),
});
export type CloseEvent = z.infer<typeof closeEvent>;

/** Ends a case with its outcome and reason (Art. 17): the reason goes into the churn reason analysis. */
export async function closeCase(event: CloseEvent): Promise<{ outcome: string }> {
  const { cases, clock } = runtime;
  const at = clock.formatInstant(policyNow());
  await cases.update(
    event.customerId,
    event.alertId,
    event.outcome,
    { closedAt: at, outcomeReason: event.reason },
    { step: '99-close', at, actor: event.by, what: `closed: ${event.outcome}`, details: { reason: event.reason } },
    true,
  );
  logger.info('case closed', { caseKey: `${event.customerId}#${event.alertId}`, outcome: event.outcome });
  return { outcome: event.outcome };
}

export const handler = middy<CloseEvent, { outcome: string }>().use(injectLambdaContext(logger)).use(parseEvent(closeEvent)).handler(closeCase);
