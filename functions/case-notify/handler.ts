import middy from '@middy/core';
import { SESClient } from '@aws-sdk/client-ses';
import { z } from 'zod';
import { auditKey, caseKeyOf, caseStepState, stepLinkId } from '#shared/cases/case-step-input.ts';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import { WAITING_STEPS } from '#shared/cases/waiting-steps.ts';
import { signLink } from '#shared/links/link-token.ts';
import { stepEmail } from '#shared/mail/step-email.ts';
import { loadStaffDirectory } from '#shared/store/dynamodb/staff-store.ts';
import { StaffingGapError, type StaffDirectory, type StaffPerson } from '#shared/staff/staff-directory.ts';
import { waitingOn } from '#shared/cases/case-level.ts';
import { SesMailer } from '#shared/store/ses/ses-mailer.ts';
import { policyNow } from '#shared/time/time-scale.ts';
import { caseRuntime, required } from '../case-runtime.ts';
import { logger } from '../logger.ts';
import { caseCorrelation } from '../middleware/case-correlation.ts';
import { parseEvent } from '../middleware/parse-event.ts';
import { traced } from '../tracer.ts';
import { observe } from '../middleware/observe.ts';

const runtime = await caseRuntime();
const mailer = new SesMailer(traced(new SESClient({ maxAttempts: 5 })), required('MAIL_FROM'));
const linkBaseUrl = required('LINK_BASE_URL').replace(/\/$/, '');
const LINK_VALID_DAYS = 14;

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
 * A reminder after a missed deadline goes up the line too: the supervisor, then higher.
 */
export async function notifyOwner({ state, wait, taskToken }: NotifyEvent): Promise<void> {
  const { cases, clock, linkSecret, doc, tables } = runtime;
  const step = WAITING_STEPS[state.step];
  const staff = await loadStaffDirectory(doc, tables);
  const alert = await cases.alert(state.customerId, state.alertId);
  const { level, responsibleRole, revision } = waitingOn(runtime.policy, state, alert as { level?: number; revision?: number } | undefined);
  const owner = staff.ownerOf(responsibleRole, state.storeId);
  const above = staff.escalationChain(owner.id).slice(0, state.reminder);
  // The store hears of a new alert too (Art. 13), when it has a manager on file.
  const store = state.step === 'response_plan' && state.reminder === 0 ? storeManager(staff, state.storeId) : undefined;
  // The same link for every attempt at this request: an email sent before a retry still works.
  const linkId = stepLinkId(state, state.reminder, revision);
  const now = policyNow();
  const token = signLink(
    { tokenId: linkId, caseId: caseKeyOf(state), action: state.step, personId: owner.id, expiresAt: now + LINK_VALID_DAYS * 86_400_000 },
    linkSecret,
  );
  const previous = (alert as { awaiting?: { step?: string; linkId?: string; firstAskedAt?: string } } | undefined)?.awaiting;
  // Reminders (and retries) keep the first notice's time: how long a step took is measured from it.
  const firstAskedAt = previous?.step === state.step && (state.reminder > 0 || previous.linkId === linkId) ? previous.firstAskedAt : undefined;
  await cases.setAwaiting(state.customerId, state.alertId, {
    step: state.step,
    taskToken,
    linkId,
    personId: owner.id,
    round: state.reminder,
    dueBy: wait.dueBy,
    firstAskedAt: firstAskedAt ?? clock.formatInstant(now),
    revision,
    ...(state.step === 'approval' ? { role: owner.role, ...(state.benefit ? { benefit: state.benefit } : {}) } : {}),
  });
  await cases.audit(state.customerId, state.alertId, {
    step: auditKey(step.order, 'notify', state, state.reminder, revision),
    at: clock.formatInstant(now),
    actor: 'system',
    what:
      state.reminder === 0
        ? `${step.titleEn.toLowerCase()} requested from ${owner.id}`
        : `reminder ${state.reminder} for the ${step.titleEn.toLowerCase()} sent to ${owner.id}, copied to ${above.map((p) => p.id).join(', ')}`,
  });
  await mailer.send(
    stepEmail({
      step: state.step,
      to: owner.email,
      cc: [...above, ...(store && store.id !== owner.id ? [store] : [])].map((person) => person.email),
      ownerName: owner.name,
      customerLabel: maskedCustomer(state.customerId),
      storeId: state.storeId,
      level,
      indicators: alert?.indicators ?? [],
      dueBy: wait.dueBy,
      firstContactBy: state.verification.deadlines.firstContactBy,
      link: `${linkBaseUrl}/c/${token}`,
      reminder: state.reminder,
    }),
  );
  logger.info('owner notified', { caseKey: caseKeyOf(state), step: state.step, owner: owner.id, reminder: state.reminder });
}

export const handler = middy<NotifyEvent, void>().use(observe()).use(caseCorrelation()).use(parseEvent(notifyEvent)).handler(notifyOwner);
