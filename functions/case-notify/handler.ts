import { SESClient } from '@aws-sdk/client-ses';
import middy from '@middy/core';
import { z } from 'zod';
import { LinkStore } from '#shared/adapters/dynamodb/link-store.ts';
import { loadStaffDirectory } from '#shared/adapters/dynamodb/staff-store.ts';
import { SesMailer } from '#shared/adapters/ses/ses-mailer.ts';
import { caseKeyOf, caseStepState } from '#shared/cases/case-step-input.ts';
import { answerLeftBehind } from '#shared/cases/step-answer.ts';
import { awaitingAfterNotice, noticeAuditEntry, noticeLinkRequest, stepNotice } from '#shared/cases/step-notice.ts';
import { reminderInDigest } from '#shared/digest/reminder-fold.ts';
import { issuedLink } from '#shared/links/link-lifetime.ts';
import type { LinkPurpose } from '#shared/links/step-link.ts';
import { sesRegion } from '#shared/mail/ses-region.ts';
import { stepEmail } from '#shared/mail/step-email.ts';
import { customerReference } from '#shared/privacy/customer-reference.ts';
import type { StaffPerson } from '#shared/staff/staff-directory.ts';
import { policyNow } from '#shared/time/time-scale.ts';
import { caseRuntime, linkSecret, required } from '../case-runtime.ts';
import { logger } from '../logger.ts';
import { caseCorrelation } from '../middleware/case-correlation.ts';
import { observe } from '../middleware/observe.ts';
import { parseEvent } from '../middleware/parse-event.ts';
import { traced } from '../tracer.ts';

const runtime = await caseRuntime();
const secret = await linkSecret();
const mailer = new SesMailer(traced(new SESClient({ maxAttempts: 5, ...sesRegion() })), required('MAIL_FROM'));
const linkBaseUrl = required('LINK_BASE_URL').replace(/\/$/, '');
const links = new LinkStore(runtime.doc, runtime.tables);
// Set where the morning digest is scheduled (the stack, the local stack): only then may a reminder wait for it.
const remindersInDigest = process.env.REMINDERS_IN_DIGEST === 'true';

export const notifyEvent = z.object({
  state: caseStepState,
  wait: z.object({ dueBy: z.string() }),
  taskToken: z.string().min(1),
});
export type NotifyEvent = z.infer<typeof notifyEvent>;

/**
 * A step that waits on the owner (Art. 13, 16): the owner gets the alert with a link that answers
 * the step, and the workflow waits with this task's token, kept server-side, never in the link.
 * A reminder after a missed deadline goes up the line too, one level per reminder (the supervisor,
 * then theirs...), each with a link of their own that shows the case and decides nothing.
 */
export async function notifyOwner({ state, wait, taskToken }: NotifyEvent): Promise<void> {
  const attemptStartedAt = Date.now();
  const { cases, clock, doc, tables, policy } = runtime;
  const staff = await loadStaffDirectory(doc, tables);
  const record = await cases.alert(state.customerId, state.alertId);
  const notice = stepNotice(policy, state, record, staff);
  const { owner, copied } = notice;
  const now = policyNow();
  const at = clock.formatInstant(now);
  // One link per request and person: the owner's decides, each copied person's only views.
  const issue = async (person: StaffPerson, purpose: LinkPurpose): Promise<{ linkId: string; mailed: boolean }> => {
    const link = issuedLink(secret, noticeLinkRequest(state, notice, person, purpose), now, (ms) =>
      clock.formatInstant(ms),
    );
    const { mailed } = await links.issue(link);
    return { linkId: link.linkId, mailed };
  };
  // A retry (after SES deferred a send, say) sends only what did not go out: each email is marked sent by its link.
  const sendOnce = async (
    { linkId, mailed }: { linkId: string; mailed: boolean },
    message: Parameters<typeof stepEmail>[0],
  ): Promise<void> => {
    if (mailed) return;
    await mailer.send(stepEmail(message));
    await links.markMailed(linkId, clock.formatInstant(policyNow()));
  };
  const ownerLink = await issue(owner, 'decide');
  const leftBehind = answerLeftBehind(notice.previous, {
    step: state.step,
    revision: notice.revision,
    approverRole: notice.approverRole,
  });
  if (leftBehind) {
    await cases.audit(state.customerId, state.alertId, leftBehind.entry);
    await links.markAnswered(leftBehind.linkId, leftBehind.at);
  }
  const current = await cases.setAwaiting(
    state.customerId,
    state.alertId,
    awaitingAfterNotice(state, notice, {
      taskToken,
      linkId: ownerLink.linkId,
      dueBy: wait.dueBy,
      at,
      attemptStartedAt,
    }),
  );
  if (!current) {
    // A later attempt at this same request (its retry) has written its token and sends the email.
    logger.warn('a later attempt at this step has taken over; this one stops', {
      caseKey: caseKeyOf(state),
      step: state.step,
    });
    return;
  }
  // A reminder with days to go is told in the morning digest, not by an email of its own; a new owner hears at once.
  const inDigest =
    notice.handedOver || !remindersInDigest ? undefined : reminderInDigest(policy, state.reminder, wait.dueBy, now);
  await cases.audit(
    state.customerId,
    state.alertId,
    noticeAuditEntry(state, notice, at, inDigest && clock.formatInstant(inDigest.digestAt)),
  );
  const email = {
    step: state.step,
    customerLabel: customerReference(state.customerId, secret),
    storeId: state.storeId,
    level: notice.level,
    indicators: record?.indicators ?? [],
    policy,
    dueBy: wait.dueBy,
    firstContactBy: state.verification.deadlines.firstContactBy,
    reminder: state.reminder,
    ...(notice.benefit ? { benefit: notice.benefit, approverRole: notice.approverRole } : {}),
  };
  if (!inDigest)
    await sendOnce(ownerLink, {
      ...email,
      to: owner.email,
      ownerName: owner.name,
      link: `${linkBaseUrl}/c/${ownerLink.linkId}`,
    });
  // Those copied get the news and a link that shows the case, never one that decides it.
  for (const person of copied) {
    const viewLink = await issue(person, 'view');
    if (!inDigest)
      await sendOnce(viewLink, {
        ...email,
        to: person.email,
        ownerName: person.name,
        link: `${linkBaseUrl}/c/${viewLink.linkId}`,
        copiedFor: owner.name,
      });
  }
  logger.info('owner notified', {
    caseKey: caseKeyOf(state),
    step: state.step,
    owner: owner.id,
    reminder: state.reminder,
  });
}

export const handler = middy<NotifyEvent, void>()
  .use(observe())
  .use(caseCorrelation())
  .use(parseEvent(notifyEvent))
  .handler(notifyOwner);
