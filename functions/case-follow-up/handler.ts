import { SESClient } from '@aws-sdk/client-ses';
import middy from '@middy/core';
import { z } from 'zod';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { loadStaffDirectory } from '#shared/adapters/dynamodb/staff-store.ts';
import { SesMailer } from '#shared/adapters/ses/ses-mailer.ts';
import { followUpKey } from '#shared/cases/audit-keys.ts';
import { caseLevelNow } from '#shared/cases/case-level.ts';
import { LOSS_REASON_WORKING_DAYS } from '#shared/cases/case-rounds.ts';
import { caseKeyOf, caseStepState } from '#shared/cases/case-step-input.ts';
import { followUpVerdict } from '#shared/cases/follow-up.ts';
import { followUpEmail } from '#shared/mail/follow-up-email.ts';
import { sesRegion } from '#shared/mail/ses-region.ts';
import { customerLabeller } from '#shared/privacy/customer-reference.ts';
import { policyNow, workflowSecondsUntil } from '#shared/time/time-scale.ts';
import { caseRuntime, linkSecret, required } from '../case-runtime.ts';
import { logger } from '../logger.ts';
import { caseCorrelation } from '../middleware/case-correlation.ts';
import { observe } from '../middleware/observe.ts';
import { parseEvent } from '../middleware/parse-event.ts';
import { traced } from '../tracer.ts';

const runtime = await caseRuntime();
const mailer = new SesMailer(traced(new SESClient({ maxAttempts: 5, ...sesRegion() })), required('MAIL_FROM'));
// Customers told apart by a keyed reference (shared/privacy/customer-reference.ts); the mask alone if the key cannot be read.
const customerLabel = customerLabeller(
  await linkSecret().catch((error: unknown) => {
    logger.warn('customer references unavailable: the link secret could not be read', {
      error: (error as { name?: string }).name ?? 'unknown',
    });
    return undefined;
  }),
);
const customers = new CustomerEventWriter(runtime.doc, runtime.tables, {
  retentionDays: runtime.policy.retention.eventDays,
});

export const followUpEvent = z.object({ state: caseStepState, round: z.number().int().min(0) });
export type FollowUpEvent = z.infer<typeof followUpEvent>;

export interface FollowUpOutput {
  outcome: 'recovered' | 'lost' | 'continue';
  reason?: string;
  round: number;
  /** When lost: the wait for the owner's reason form. */
  wait?: { seconds: number; reminder: number; dueBy: string };
  /** Seconds until the next round, at the configured pace. */
  seconds: number;
}

/** A round of tracking (Art. 16 (4)): won back, lost at the end of the window, or a follow-up task for the owner. */
export async function followUp({ state, round }: FollowUpEvent): Promise<FollowUpOutput> {
  const { cases, clock, doc, tables, policy } = runtime;
  const now = policyNow();
  const customer = await customers.read(state.customerId);
  const verdict = followUpVerdict(
    customer?.state,
    Date.parse(state.identifiedAt),
    Date.parse(state.verification.deadlines.trackUntil),
    now,
    (instant) => clock.formatInstant(instant).slice(0, 10),
  );
  const { level, ownerRole } = caseLevelNow(
    policy,
    (await cases.alert(state.customerId, state.alertId))?.level,
    state.verification.level,
  );
  const every = policy.deadlines.followUpEveryDays[level];
  const seconds = workflowSecondsUntil(now + every * 86_400_000, now);
  await cases.audit(state.customerId, state.alertId, {
    step: followUpKey(round),
    at: clock.formatInstant(now),
    actor: 'system',
    what:
      verdict.outcome === 'continue'
        ? `follow-up ${round + 1}: not back yet, next in ${every} days`
        : `follow-up ${round + 1}: ${verdict.outcome}, ${verdict.reason}`,
  });
  // A held-out customer is only watched: nobody is asked to follow up.
  if (verdict.outcome === 'continue' && !state.verification.holdout) {
    const owner = (await loadStaffDirectory(doc, tables)).ownerOf(ownerRole, state.storeId);
    await mailer.send(
      followUpEmail({
        to: owner.email,
        ownerName: owner.name,
        customerLabel: customerLabel(state.customerId),
        storeId: state.storeId,
        round: round + 1,
        everyDays: every,
        trackUntil: state.verification.deadlines.trackUntil,
        timeZone: policy.timeZone,
      }),
    );
  }
  logger.info('follow-up', { caseKey: caseKeyOf(state), round, outcome: verdict.outcome });
  const reasonDue = runtime.calendar.deadlineAfter(now, LOSS_REASON_WORKING_DAYS);
  const wait = { seconds: workflowSecondsUntil(reasonDue, now), reminder: 0, dueBy: clock.formatInstant(reasonDue) };
  return {
    outcome: verdict.outcome,
    ...(verdict.outcome === 'continue' ? {} : { reason: verdict.reason }),
    ...(verdict.outcome === 'lost' ? { wait } : {}),
    round: round + 1,
    seconds,
  };
}

export const handler = middy<FollowUpEvent, FollowUpOutput>()
  .use(observe())
  .use(caseCorrelation())
  .use(parseEvent(followUpEvent))
  .handler(followUp);
