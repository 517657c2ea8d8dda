import { type LinkVerdict, linkVerdict, READ_ONLY_REASONS, type StepLinkRecord } from '../links/step-link.ts';
import type { Policy } from '../policy/policy-schema.ts';
import { STEPS_THAT_CONTACT } from '../privacy/contact-view.ts';
import { type AuditEntry, pageEventKey } from './audit-keys.ts';
import { approversFor } from './benefit-approval.ts';
import type { AwaitingRecord, CaseRecord } from './case-record.ts';
import { offeredBenefit } from './execute-plan.ts';
import { handsOverAt } from './step-hand-over.ts';

/**
 * Whether a step's link decides the step now (linkVerdict); besides, a level that rose while the
 * step waited puts it with the new level's owner, so the old owner's link no longer decides.
 */
export function pageVerdict(
  policy: Policy,
  link: StepLinkRecord,
  record: Pick<CaseRecord, 'status' | 'level' | 'awaiting'>,
  now: number,
): LinkVerdict {
  const verdict = linkVerdict(link, record.status, record.awaiting, now);
  return verdict.decides && handsOverAt(policy, record.awaiting, record.level)
    ? { decides: false, reason: 'reassigned' }
    : verdict;
}

/** The benefit the owner's plan chose (kept on the case with the plan), with the approvals its cost needs. */
export function chosenBenefit(
  policy: Policy,
  record: Pick<CaseRecord, 'strategy' | 'level'>,
): { name: string; costYuan: number; approvers: string[] } | undefined {
  if (record.strategy === undefined || record.strategy === 'none') return undefined;
  const benefit = offeredBenefit(record.strategy, policy, record.level);
  return (
    benefit && {
      name: benefit.name,
      costYuan: benefit.costYuan,
      approvers: approversFor(benefit.costYuan, policy.approval),
    }
  );
}

/** What a step's page shows of the case, beyond the alert itself. */
export interface StepPageFacts {
  /** The step's deadline: only to the person it waits on (empty: none shown). */
  dueBy: string;
  /** For an approval, to its approver: the benefit asked for, and whose approval it is. */
  benefit?: { id: string; name: string; costYuan: number };
  approverRole?: string;
  /** On the first-contact page: the benefit to offer the customer. */
  chosenBenefit?: { name: string; costYuan: number; approvers: string[] };
  /** Why the link only shows the case; absent when it decides. */
  readOnly?: string;
  /** Whether the page may show how to reach the customer (SPEC section 8): to the owner of a step that talks to them. */
  showsContact: boolean;
}

export function stepPageFacts(
  policy: Policy,
  link: Pick<StepLinkRecord, 'step'>,
  record: Pick<CaseRecord, 'strategy' | 'level' | 'awaiting'>,
  verdict: LinkVerdict,
): StepPageFacts {
  const chosen = link.step === 'contact' ? chosenBenefit(policy, record) : undefined;
  const { awaiting } = record;
  if (!verdict.decides)
    return {
      dueBy: '',
      ...(chosen ? { chosenBenefit: chosen } : {}),
      readOnly: READ_ONLY_REASONS[verdict.reason],
      showsContact: false,
    };
  return {
    dueBy: awaiting?.dueBy ?? '',
    ...(awaiting?.benefit
      ? { benefit: awaiting.benefit, ...(awaiting.role ? { approverRole: awaiting.role } : {}) }
      : {}),
    ...(chosen ? { chosenBenefit: chosen } : {}),
    showsContact: STEPS_THAT_CONTACT.has(link.step),
  };
}

/**
 * What a request through a step's link does. A GET only shows the case (mail scanners fetch
 * links: a GET never decides) and records the view; a POST through a link that does not decide
 * now is refused and recorded; through the link that decides, it shows the contact details in
 * full when asked for them, else it answers the step.
 */
export type PageAction =
  | { action: 'show'; what: string; details: Record<string, unknown> }
  | { action: 'refuse'; what: string; details: { reason: string } }
  | { action: 'reveal_contact' }
  | { action: 'answer'; awaiting: AwaitingRecord };

export function pageAction(
  /** `revealContact`: the full contact details asked for, and there are some to show. */
  request: { post: boolean; revealContact: boolean },
  verdict: LinkVerdict,
  awaiting: AwaitingRecord | undefined,
): PageAction {
  if (!request.post)
    return verdict.decides
      ? { action: 'show', what: 'step page viewed', details: {} }
      : { action: 'show', what: 'case viewed read-only', details: { reason: verdict.reason } };
  if (!verdict.decides) return { action: 'refuse', what: 'answer refused', details: { reason: verdict.reason } };
  // A link decides only what the case waits on: without a waiting step it cannot decide (linkVerdict says so first).
  if (awaiting === undefined) return { action: 'refuse', what: 'answer refused', details: { reason: 'another_step' } };
  if (request.revealContact) return { action: 'reveal_contact' };
  return { action: 'answer', awaiting };
}

/**
 * The audit entry of a page request: who the link was issued to, what they did, and the request's
 * evidence. The link by its fingerprint, never in full: the audit trail is read more widely than a mailbox.
 */
export function pageAuditEntry(
  link: Pick<StepLinkRecord, 'linkId' | 'personId' | 'purpose' | 'step' | 'round'>,
  what: string,
  at: string,
  evidence: { from: string; userAgent: string; requestId: string },
  details: Record<string, unknown>,
): AuditEntry {
  return {
    step: pageEventKey(link.step, what, at, evidence.requestId),
    at,
    actor: link.personId,
    what,
    details: {
      link: link.linkId.slice(0, 8),
      purpose: link.purpose,
      step: link.step,
      round: link.round,
      ...evidence,
      ...details,
    },
  };
}
