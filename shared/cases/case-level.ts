import type { Level, Policy } from '../policy/policy-schema.ts';
import { askedApprover } from './benefit-approval.ts';

/**
 * The level a running case is at now: a scan that finds the customer worse escalates the open
 * alert (Art. 12), and every step after that works at the new level, with its owner and cadence.
 */
export function caseLevelNow(
  policy: Policy,
  alertLevel: number | undefined,
  verifiedLevel: Level,
): { level: Level; ownerRole: string } {
  const level = (alertLevel !== undefined && alertLevel > verifiedLevel ? alertLevel : verifiedLevel) as Level;
  return { level, ownerRole: policy.owners[level].role };
}

/**
 * Who a waiting step waits on and where the case stands, read from the case's alert when the step
 * starts: the approver the approval needs, else the owner at the case's current level; and the plan
 * revision, which keeps the step's audit entries apart.
 */
export function waitingOn(
  policy: Policy,
  state: { step: string; approverRole?: string | undefined; verification: { level: Level } },
  alert: { level?: number; revision?: number } | undefined,
): { level: Level; responsibleRole: string; revision: number } {
  const { level, ownerRole } = caseLevelNow(policy, alert?.level, state.verification.level);
  const responsibleRole = state.step === 'approval' ? askedApprover(state.approverRole) : ownerRole;
  return { level, responsibleRole, revision: Number(alert?.revision ?? 0) };
}
