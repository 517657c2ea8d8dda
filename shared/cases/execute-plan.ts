import type { Level, Policy } from '../policy/policy-schema.ts';
import { approversFor, type ApproverRole } from './benefit-approval.ts';

export type Approvals = Partial<Record<ApproverRole, 'approve' | 'reject'>>;
type Benefit = Policy['strategies'][Level]['benefits'][number];

export type ExecutionDecision =
  | { action: 'none' }
  | { action: 'rejected'; by: ApproverRole; benefit: Benefit }
  | { action: 'approve'; approverRole: ApproverRole; benefit: Benefit }
  | { action: 'issue'; benefit: Benefit; approvedBy: ApproverRole[] };

/**
 * Step 3, execute (Art. 14-16): the benefit the plan chose is issued at once within the
 * pre-approved limit; above it, it waits for each approval its cost needs (the deputy general
 * manager, and the general manager above the higher limit), in that order. A rejection stops it.
 * Asked again before anything is issued, so nothing is ever issued without its approvals.
 */
export function decideExecution(strategy: string, policy: Policy, level: Level, approvals: Approvals): ExecutionDecision {
  if (strategy === 'none') return { action: 'none' };
  const benefit = policy.strategies[level].benefits.find((candidate) => candidate.id === strategy);
  if (benefit === undefined) throw new RangeError(`benefit ${strategy} is not in the level ${level} catalogue of ${policy.version}`);
  const needed = approversFor(benefit.costYuan, policy.approval);
  for (const role of needed) {
    if (approvals[role] === 'reject') return { action: 'rejected', by: role, benefit };
    if (approvals[role] !== 'approve') return { action: 'approve', approverRole: role, benefit };
  }
  return { action: 'issue', benefit, approvedBy: needed };
}
