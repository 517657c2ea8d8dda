import type { Policy } from '../policy/policy-schema.ts';

export type ApproverRole = 'deputy_gm' | 'gm';

/** Every role that may approve a benefit, in the order a cost above the limit asks them. */
export const APPROVER_ROLES: readonly ApproverRole[] = ['deputy_gm', 'gm'];

/** The approver an approval step is asked of: the deputy GM unless the workflow named another (every approval starts there). */
export function askedApprover(approverRole: string | undefined): string {
  return approverRole ?? 'deputy_gm';
}

/**
 * Who must approve a benefit of this cost (Art. 15): nobody within the pre-approved catalogue
 * limit, the deputy general manager above it, and the general manager too above the deputy's
 * limit. The issuing step asks this again before it issues anything.
 */
export function approversFor(costYuan: number, approval: Policy['approval']): ApproverRole[] {
  if (costYuan <= approval.preApprovedUpToYuan) return [];
  if (costYuan <= approval.deputyGeneralManagerUpToYuan) return ['deputy_gm'];
  return ['deputy_gm', 'gm'];
}

/** Whether the approvals given cover every approval the cost needs. */
export function isApproved(
  costYuan: number,
  approval: Policy['approval'],
  approvedBy: ReadonlySet<ApproverRole>,
): boolean {
  return approversFor(costYuan, approval).every((role) => approvedBy.has(role));
}
