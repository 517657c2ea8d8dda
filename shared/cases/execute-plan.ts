import type { Level, Policy } from '../policy/policy-schema.ts';
import { APPROVER_ROLES, type ApproverRole, approversFor } from './benefit-approval.ts';
import type { CaseRecord } from './case-record.ts';

export type Approvals = Partial<Record<ApproverRole, 'approve' | 'reject'>>;
type Benefit = Policy['strategies'][Level]['benefits'][number];

const APPROVAL_FIELD = { deputy_gm: 'approval_deputy_gm', gm: 'approval_gm' } as const;
type ApprovalsOnCase = Pick<CaseRecord, (typeof APPROVAL_FIELD)[ApproverRole]>;

/** The approvals given so far, as each approver's answer keeps them on the case. */
export function approvalsOn(record: ApprovalsOnCase | undefined): Approvals {
  const approvals: Approvals = {};
  for (const role of APPROVER_ROLES) {
    const decision = record?.[APPROVAL_FIELD[role]]?.decision;
    if (decision) approvals[role] = decision;
  }
  return approvals;
}

/** Who gave an approver role's decision: the person, as kept with it, else the role. */
export function approverOn(record: ApprovalsOnCase | undefined, role: ApproverRole): string {
  return record?.[APPROVAL_FIELD[role]]?.by ?? role;
}

export type ExecutionDecision =
  | { action: 'none' }
  | { action: 'rejected'; by: ApproverRole; benefit: Benefit }
  | { action: 'approve'; approverRole: ApproverRole; benefit: Benefit }
  | { action: 'issue'; benefit: Benefit; approvedBy: ApproverRole[] };

/**
 * The benefit a plan chose, from the catalogue of the case's level now or of a lower level. A
 * case's level only rises (Art. 12), and a plan is checked against the catalogue of the level it
 * was submitted at, so a plan submitted before an escalation was offered a lower catalogue: its
 * benefit is still a legitimate choice, and failing the case for it would issue nothing at all.
 * A benefit of a higher level than the case's was never offered and is refused.
 */
export function offeredBenefit(strategy: string, policy: Policy, level: Level): Benefit | undefined {
  for (let at = level; at >= 1; at--) {
    const benefit = policy.strategies[at as Level].benefits.find((candidate) => candidate.id === strategy);
    if (benefit !== undefined) return benefit;
  }
  return undefined;
}

/**
 * Step 3, execute (Art. 14-16): the benefit the plan chose is issued at once within the
 * pre-approved limit; above it, it waits for each approval its cost needs (the deputy general
 * manager, and the general manager above the higher limit), in that order. A rejection stops it.
 * Asked again before anything is issued, so nothing is ever issued without its approvals.
 * `level` is the case's level now (caseLevelNow), not the one it was verified at.
 */
export function decideExecution(
  strategy: string,
  policy: Policy,
  level: Level,
  approvals: Approvals,
): ExecutionDecision {
  if (strategy === 'none') return { action: 'none' };
  const benefit = offeredBenefit(strategy, policy, level);
  if (benefit === undefined)
    throw new RangeError(
      `benefit ${strategy} is not in the level ${level} catalogue of ${policy.version}, nor in a lower level's`,
    );
  const needed = approversFor(benefit.costYuan, policy.approval);
  for (const role of needed) {
    if (approvals[role] === 'reject') return { action: 'rejected', by: role, benefit };
    if (approvals[role] !== 'approve') return { action: 'approve', approverRole: role, benefit };
  }
  return { action: 'issue', benefit, approvedBy: needed };
}
