import { SESClient } from '@aws-sdk/client-ses';
import middy from '@middy/core';
import { z } from 'zod';
import { loadStaffDirectory } from '#shared/adapters/dynamodb/staff-store.ts';
import { SesMailer } from '#shared/adapters/ses/ses-mailer.ts';
import { failedKey } from '#shared/cases/audit-keys.ts';
import { caseFailureEmail, maskedCause } from '#shared/cases/case-failure.ts';
import { caseExecutionInput } from '#shared/cases/case-input.ts';
import { executionName } from '#shared/cases/execution-name.ts';
import { sesRegion } from '#shared/mail/ses-region.ts';
import { customerLabeller } from '#shared/privacy/customer-reference.ts';
import { policyNow } from '#shared/time/time-scale.ts';
import { countCaseClosed } from '../case-closed-metric.ts';
import { caseRuntime, linkSecret, required } from '../case-runtime.ts';
import { logger } from '../logger.ts';
import { caseCorrelation } from '../middleware/case-correlation.ts';
import { observe } from '../middleware/observe.ts';
import { parseEvent } from '../middleware/parse-event.ts';
import { traced } from '../tracer.ts';

const runtime = await caseRuntime();
// The recorder of last resort must not fail for want of the key: without it, the customer is shown by the mask alone.
const customerLabel = customerLabeller(
  await linkSecret().catch((error: unknown) => {
    logger.warn('customer references unavailable: the link secret could not be read', {
      error: (error as { name?: string }).name ?? 'unknown',
    });
    return undefined;
  }),
);
const mailer = new SesMailer(traced(new SESClient({ maxAttempts: 5, ...sesRegion() })), required('MAIL_FROM'));

/** The case's keys and what the workflow's Catch caught (ResultPath $.failure). */
export const caseFailedEvent = caseExecutionInput.extend({
  failure: z.object({ Error: z.string().min(1), Cause: z.string().optional() }),
});
export type CaseFailedEvent = z.infer<typeof caseFailedEvent>;

/** The role told when a case fails: the head of operations leads the win-back work (Art. 7). */
const OPS_ROLE = 'operations_head';

/**
 * A case that cannot go on: recorded on the case (status failed, with the error, in the audit
 * trail), the customer freed for the next scan, and the head of operations emailed. Returns the
 * error for the workflow's Fail state, so the execution fails visibly (and the alarm counts it).
 */
export async function recordCaseFailure(event: CaseFailedEvent): Promise<{ error: string; cause: string }> {
  const { cases, clock, doc, tables } = runtime;
  const at = clock.formatInstant(policyNow());
  const cause = maskedCause(event, event.failure.Cause);
  const entry = {
    step: failedKey(event.failure.Error),
    at,
    actor: 'winback',
    what: `failed: ${event.failure.Error}`,
    details: { error: event.failure.Error, cause },
  };
  try {
    await cases.update(
      event.customerId,
      event.alertId,
      'failed',
      { failedAt: at, failure: { error: event.failure.Error, cause } },
      entry,
      true,
    );
  } catch (error) {
    // The customer has moved on (the open alert is another one now): record the failure on this case alone.
    if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
    await cases.update(
      event.customerId,
      event.alertId,
      'failed',
      { failedAt: at, failure: { error: event.failure.Error, cause } },
      entry,
      false,
    );
  }
  const staff = await loadStaffDirectory(doc, tables);
  await mailer.send(
    caseFailureEmail(event, event.failure, [staff.ownerOf(OPS_ROLE, event.storeId).email], {
      customerLabel: customerLabel(event.customerId),
      timeZone: runtime.policy.timeZone,
    }),
  );
  countCaseClosed('failed');
  // Handled and reported (the head of operations has the email, the alarm counts the execution): a warning, not a program error.
  logger.warn('case failed', { case: executionName(event), error: event.failure.Error });
  return { error: event.failure.Error, cause };
}

export const handler = middy<CaseFailedEvent, { error: string; cause: string }>()
  .use(observe())
  .use(caseCorrelation())
  .use(parseEvent(caseFailedEvent))
  .handler(recordCaseFailure);
