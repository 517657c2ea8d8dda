import { SESClient } from '@aws-sdk/client-ses';
import middy from '@middy/core';
import { z } from 'zod';
import { CaseStore } from '#shared/adapters/dynamodb/case-store.ts';
import { LinkStore } from '#shared/adapters/dynamodb/link-store.ts';
import { loadStaffDirectory } from '#shared/adapters/dynamodb/staff-store.ts';
import { SesMailer } from '#shared/adapters/ses/ses-mailer.ts';
import { waitingOn } from '#shared/cases/case-level.ts';
import { auditKey, caseKeyOf, caseStepState } from '#shared/cases/case-step-input.ts';
import { stepAnswerEntry } from '#shared/cases/step-answer.ts';
import { WAITING_STEPS } from '#shared/cases/waiting-steps.ts';
import { reminderInDigest } from '#shared/digest/reminder-fold.ts';
import { issuedLink } from '#shared/links/link-lifetime.ts';
import type { AwaitingRecord, LinkPurpose } from '#shared/links/step-link.ts';
import { sesRegion } from '#shared/mail/ses-region.ts';
import { stepEmail } from '#shared/mail/step-email.ts';
import { customerReference } from '#shared/privacy/customer-reference.ts';
import { type StaffDirectory, StaffingGapError, type StaffPerson } from '#shared/staff/staff-directory.ts';
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

function storeManager(staff: StaffDirectory, storeId: string): StaffPerson | undefined {
  try {
    return staff.ownerOf('store_manager', storeId);
  } catch (error) {
    if (error instanceof StaffingGapError) return undefined;
    throw error;
  }
}

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
  const { cases, clock, doc, tables } = runtime;
  const step = WAITING_STEPS[state.step];
  const staff = await loadStaffDirectory(doc, tables);
  const alert = await cases.alert(state.customerId, state.alertId);
  const { level, responsibleRole, revision } = waitingOn(
    runtime.policy,
    state,
    alert as { level?: number; revision?: number } | undefined,
  );
  const owner = staff.ownerOf(responsibleRole, state.storeId);
  const above = staff.copiedOnReminder(owner.id, state.reminder);
  // The store hears of a new alert too (Art. 13), when it has a manager on file.
  const store = state.step === 'response_plan' && state.reminder === 0 ? storeManager(staff, state.storeId) : undefined;
  const copied = [
    ...above,
    ...(store && store.id !== owner.id && !above.some((p) => p.id === store.id) ? [store] : []),
  ];
  const now = policyNow();
  const approverRole = state.step === 'approval' ? (state.approverRole ?? 'deputy_gm') : undefined;
  // One link per request and person: the owner's decides, each copied person's only views.
  const issue = async (person: StaffPerson, purpose: LinkPurpose): Promise<{ linkId: string; mailed: boolean }> => {
    const request = {
      customerId: state.customerId,
      alertId: state.alertId,
      step: state.step,
      round: state.reminder,
      revision,
      personId: person.id,
      purpose,
      ...(approverRole ? { approverRole } : {}),
    };
    const record = issuedLink(secret, request, now, (ms) => clock.formatInstant(ms));
    const { mailed } = await links.issue(record);
    return { linkId: record.linkId, mailed };
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
  const { linkId } = ownerLink;
  const previous = CaseStore.awaitingOf(alert);
  await recordAnswerLeftBehind(state, previous, { step: state.step, revision, role: approverRole });
  // Reminders (and retries) keep the first notice's time: how long a step took is measured from it.
  const firstAskedAt =
    previous?.step === state.step && (state.reminder > 0 || previous.linkId === linkId)
      ? previous.firstAskedAt
      : undefined;
  const current = await cases.setAwaiting(state.customerId, state.alertId, {
    step: state.step,
    taskToken,
    linkId,
    personId: owner.id,
    round: state.reminder,
    dueBy: wait.dueBy,
    firstAskedAt: firstAskedAt ?? clock.formatInstant(now),
    revision,
    role: approverRole ?? owner.role,
    attemptStartedAt,
    ...(state.step === 'approval' && state.benefit ? { benefit: state.benefit } : {}),
  });
  if (!current) {
    // A later attempt at this same request (its retry) has written its token and sends the email.
    logger.warn('a later attempt at this step has taken over; this one stops', {
      caseKey: caseKeyOf(state),
      step: state.step,
    });
    return;
  }
  // The same request asked of someone else: the case's level rose and the step went to its new owner.
  const handedOver =
    previous !== undefined &&
    previous.step === state.step &&
    previous.round === state.reminder &&
    previous.revision === revision &&
    previous.personId !== owner.id;
  // A reminder with days to go is told in the morning digest, not by an email of its own; a new owner hears at once.
  const inDigest =
    handedOver || !remindersInDigest ? undefined : reminderInDigest(runtime.policy, state.reminder, wait.dueBy, now);
  const told = inDigest ? ` in the digest of ${clock.formatInstant(inDigest.digestAt)}` : '';
  await cases.audit(state.customerId, state.alertId, {
    step: `${auditKey(step.order, 'notify', state, state.reminder, revision)}${handedOver ? `-to-${owner.id}` : ''}`,
    at: clock.formatInstant(now),
    actor: 'system',
    what: handedOver
      ? `${step.titleEn.toLowerCase()} handed over from ${previous.personId} to ${owner.id} at level ${level}`
      : state.reminder === 0
        ? `${step.titleEn.toLowerCase()} requested from ${owner.id}${copied.length ? `, ${copied.map((p) => p.id).join(', ')} informed` : ''}`
        : `reminder ${state.reminder} for the ${step.titleEn.toLowerCase()} to ${owner.id}${told}, ${copied.map((p) => p.id).join(', ')} informed${told}`,
  });
  const email = {
    step: state.step,
    customerLabel: customerReference(state.customerId, secret),
    storeId: state.storeId,
    level,
    indicators: alert?.indicators ?? [],
    policy: runtime.policy,
    dueBy: wait.dueBy,
    firstContactBy: state.verification.deadlines.firstContactBy,
    reminder: state.reminder,
    ...(state.step === 'approval' && state.benefit
      ? { benefit: state.benefit, ...(approverRole ? { approverRole } : {}) }
      : {}),
  };
  if (!inDigest)
    await sendOnce(ownerLink, { ...email, to: owner.email, ownerName: owner.name, link: `${linkBaseUrl}/c/${linkId}` });
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

/**
 * An answer whose page request died after handing it to the workflow left its claim on the case.
 * When the case has moved on to another request (another step, revision or approver), the workflow
 * took that answer, the only way a waiting step moves on: it is recorded now, as it was given. When
 * the same request is asked again (a reminder after the deadline), the answer never reached the
 * workflow and is not recorded.
 */
async function recordAnswerLeftBehind(
  state: NotifyEvent['state'],
  previous: AwaitingRecord | undefined,
  next: { step: string; revision: number; role: string | undefined },
): Promise<void> {
  const pending = previous?.pending;
  if (previous === undefined || pending === undefined) return;
  const previousRole = previous.step === 'approval' ? previous.role : undefined;
  if (previous.step === next.step && previous.revision === next.revision && previousRole === next.role) return;
  await runtime.cases.audit(
    state.customerId,
    state.alertId,
    stepAnswerEntry(previous, { ...pending, by: previous.personId }),
  );
  await links.markAnswered(pending.linkId, pending.at);
}

export const handler = middy<NotifyEvent, void>()
  .use(observe())
  .use(caseCorrelation())
  .use(parseEvent(notifyEvent))
  .handler(notifyOwner);
