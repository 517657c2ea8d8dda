import type { AwaitingRecord } from '../links/step-link.ts';
import type { Level, Policy } from '../policy/policy-schema.ts';
import { revisionSuffix } from './case-step-input.ts';
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
export function stepAnswerEntry(awaiting: Pick<AwaitingRecord, 'step' | 'role' | 'revision'>, answer: StepAnswer) {
  const step = WAITING_STEPS[awaiting.step];
  const who = awaiting.step === 'approval' ? `-${awaiting.role ?? 'deputy_gm'}` : '';
  return {
    step: `${String(Number(step.order) + 1).padStart(2, '0')}-${awaiting.step}${who}${revisionSuffix(awaiting.revision)}`,
    at: answer.at,
    actor: answer.by,
    what: `${step.titleEn.toLowerCase()} recorded`,
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
    return { [`approval_${awaiting.role ?? 'deputy_gm'}`]: { ...answer.answer, by: answer.by, at: answer.at } };
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
