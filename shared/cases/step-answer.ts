import type { Level, Policy } from '../policy/policy-schema.ts';
import { type AuditEntry, answerKey } from './audit-keys.ts';
import { askedApprover } from './benefit-approval.ts';
import type { AwaitingRecord, PendingAnswer } from './case-record.ts';
import { WAITING_STEPS } from './waiting-steps.ts';

/** An answer given through a step's link: the form, who the link was issued to, and the request's evidence. */
export interface StepAnswer {
  answer: Record<string, unknown>;
  /** The person the link was issued to. */
  by: string;
  at: string;
  from: string;
  userAgent: string;
  linkId: string;
  requestId: string;
}

/** The audit entry of an answered step: one per step, round-independent, so whoever records it records it once. */
export function stepAnswerEntry(
  awaiting: Pick<AwaitingRecord, 'step' | 'role' | 'revision'>,
  answer: StepAnswer,
): AuditEntry {
  return {
    step: answerKey(awaiting),
    at: answer.at,
    actor: answer.by,
    what: `${WAITING_STEPS[awaiting.step].titleEn.toLowerCase()} recorded`,
    // A fingerprint of the link, not the link: the audit trail is read more widely than a mailbox.
    details: {
      answer: answer.answer,
      from: answer.from,
      userAgent: answer.userAgent,
      link: answer.linkId.slice(0, 8),
      request: answer.requestId,
    },
  };
}

/**
 * What the workflow receives for an answered step, and what the case needs next: after the plan,
 * the wait for the first contact until its deadline; after the contact, tracking, the first
 * follow-up one cadence period away.
 */
export function stepAnswerOutput(
  awaiting: Pick<AwaitingRecord, 'step'>,
  answer: Pick<StepAnswer, 'answer' | 'by' | 'at'>,
  context: {
    policy: Policy;
    level: Level;
    firstContactBy: string;
    now: number;
    secondsUntil: (dueAt: number, now: number) => number;
  },
): Record<string, unknown> {
  const { by, at } = answer;
  switch (awaiting.step) {
    case 'loss_reason':
      return { loss: answer.answer, by, at };
    case 'approval':
      return { approval: answer.answer, by, at };
    case 'response_plan': {
      const { firstContactBy, now } = context;
      return {
        plan: answer.answer,
        by,
        at,
        next: {
          wait: { seconds: context.secondsUntil(Date.parse(firstContactBy), now), reminder: 0, dueBy: firstContactBy },
        },
      };
    }
    case 'contact': {
      const followUpAt = context.now + context.policy.deadlines.followUpEveryDays[context.level] * 86_400_000;
      return {
        contact: answer.answer,
        by,
        at,
        next: { track: { seconds: context.secondsUntil(followUpAt, context.now), round: 0 } },
      };
    }
  }
}

/**
 * What the case keeps of an answer on its alert, written with the claim (before the workflow moves
 * on, since the next step reads it) and removed if the hand-off fails: an approver's decision,
 * which the issuing step reads; the owner's word on whether the indicators are real, which the
 * warning accuracy counts (Art. 24).
 */
export function fieldsKeptWithAnswer(
  awaiting: Pick<AwaitingRecord, 'step' | 'role'>,
  answer: Pick<StepAnswer, 'answer' | 'by' | 'at'>,
): Record<string, unknown> {
  if (awaiting.step === 'approval')
    return { [`approval_${askedApprover(awaiting.role)}`]: { ...answer.answer, by: answer.by, at: answer.at } };
  if (awaiting.step === 'response_plan') {
    // The chosen benefit too: the contact page shows the owner what to offer the customer.
    return {
      ...(typeof answer.answer.indicatorsConfirmed === 'string'
        ? { indicatorsConfirmed: answer.answer.indicatorsConfirmed }
        : {}),
      ...(typeof answer.answer.strategy === 'string' ? { strategy: answer.answer.strategy } : {}),
    };
  }
  return {};
}

/** The claim an answer puts on its case while it is handed to the workflow: enough to record it later, as it was given. */
export function answerClaim(answer: StepAnswer, claimedAt: number): PendingAnswer {
  return {
    requestId: answer.requestId,
    linkId: answer.linkId,
    claimedAt,
    answer: answer.answer,
    at: answer.at,
    from: answer.from,
    userAgent: answer.userAgent,
  };
}

/**
 * An answer whose page request died after handing it to the workflow left its claim on the case.
 * When the case has moved on to another request (another step, revision or approver), the workflow
 * took that answer, the only way a waiting step moves on: it is to be recorded now, as it was
 * given, and its link marked answered. When the same request is asked again (a reminder after the
 * deadline), the answer never reached the workflow and is not recorded: undefined.
 */
export function answerLeftBehind(
  previous: AwaitingRecord | undefined,
  next: { step: string; revision: number; approverRole?: string | undefined },
): { entry: AuditEntry; linkId: string; at: string } | undefined {
  const pending = previous?.pending;
  if (previous === undefined || pending === undefined) return undefined;
  const previousRole = previous.step === 'approval' ? previous.role : undefined;
  if (previous.step === next.step && previous.revision === next.revision && previousRole === next.approverRole)
    return undefined;
  const { claimedAt: _claimed, ...given } = pending;
  return {
    entry: stepAnswerEntry(previous, { ...given, by: previous.personId }),
    linkId: pending.linkId,
    at: pending.at,
  };
}

/** Seconds from the step's first notice to its answer (the StepAnswerSeconds metric); undefined when the notice's time is unknown. */
export function answerSeconds(awaiting: Pick<AwaitingRecord, 'firstAskedAt'>, now: number): number | undefined {
  const askedAt = Date.parse(awaiting.firstAskedAt ?? '');
  return Number.isFinite(askedAt) ? Math.max(0, Math.round((now - askedAt) / 1000)) : undefined;
}
