import { askedApprover } from './benefit-approval.ts';
import { WAITING_STEPS, type WaitingStep } from './waiting-steps.ts';

/**
 * One entry of a case's audit trail (the Audit table, under the case's key). `step` is its sort
 * key: unique within the case and the same for a retried step, so a retry records nothing twice.
 */
export interface AuditEntry {
  step: string;
  at: string;
  actor: string;
  what: string;
  details?: Record<string, unknown>;
}

/*
 * Every audit sort key a case writes, in one place. The two-digit prefix orders a case's trail as
 * its steps run: 01 verify; 02 the response plan asked, 03 answered; 04 the first contact asked,
 * 05 answered; 06 an approval asked, a benefit issued or rejected; 07 an approval answered, the
 * follow-ups; 08 the loss reason asked, 09 answered; 98 a failure; 99 the close. The reports and
 * the erasure read these keys from stored trails: a key once written never changes its spelling.
 */

/** Step 1: what verify found. */
export const VERIFY_KEY = '01-verify';

/** The case closed with its outcome (the owner's or the tracking's). */
export const CLOSE_KEY = '99-close';

/** Closed by reconciliation: its execution had ended without the workflow closing it. */
export const RECONCILED_KEY = '98-reconciled';

/** The case failed with this error (the workflow's Catch). */
export const failedKey = (error: string): string => `98-failed-${error}`;

/** A plan revised after a rejected benefit asks its steps again: revision 1, 2... keep their audit entries apart. */
export function revisionSuffix(revision: number): string {
  return revision > 0 ? `-r${revision}` : '';
}

/** One approval per approver: their role keeps the approval's entries apart. */
const approverSuffix = (step: WaitingStep, approverRole: string | undefined): string =>
  step === 'approval' ? `-${askedApprover(approverRole)}` : '';

/** What happened to a waiting step in one round of asking: unique per round, approver and revision. */
function waitingStepKey(
  what: 'notify' | 'breach',
  state: { step: WaitingStep; approverRole?: string | undefined },
  round: number,
  revision: number,
): string {
  return `${WAITING_STEPS[state.step].order}-${what}${approverSuffix(state.step, state.approverRole)}${revisionSuffix(revision)}-${round}`;
}

/** The step asked (round 0) or reminded (round n); `handedOverTo`: asked again of the new owner after the case rose. */
export function notifyKey(
  state: { step: WaitingStep; approverRole?: string | undefined },
  round: number,
  revision: number,
  handedOverTo?: string,
): string {
  return `${waitingStepKey('notify', state, round, revision)}${handedOverTo === undefined ? '' : `-to-${handedOverTo}`}`;
}

/** The step's deadline missed in this round. */
export const breachKey = (
  state: { step: WaitingStep; approverRole?: string | undefined },
  round: number,
  revision: number,
): string => waitingStepKey('breach', state, round, revision);

/** The step answered: one key per step, approver and revision, whatever the round, so whoever records it records it once. */
export function answerKey(awaiting: { step: WaitingStep; role?: string | undefined; revision: number }): string {
  const order = String(Number(WAITING_STEPS[awaiting.step].order) + 1).padStart(2, '0');
  return `${order}-${awaiting.step}${approverSuffix(awaiting.step, awaiting.role)}${revisionSuffix(awaiting.revision)}`;
}

/** A page request through a step's link (a view, a refusal, contact details shown): one per request. */
export function pageEventKey(step: WaitingStep, what: string, at: string, requestId: string): string {
  return `${WAITING_STEPS[step].order}-${what.replace(/\W+/g, '-')}-${at}-${requestId}`;
}

/** The plan's benefit issued: once per benefit, whatever retried. */
export const issuedKey = (benefitId: string): string => `06-issued-${benefitId}`;

/** The plan's benefit rejected: the plan goes back to its owner as the next revision. */
export const rejectedKey = (revision: number): string => `06-rejected${revisionSuffix(revision)}`;

/** One round of tracking. */
export const followUpKey = (round: number): string => `07-follow-up-${String(round).padStart(3, '0')}`;
