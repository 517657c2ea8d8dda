import type { Policy } from '../policy/policy-schema.ts';
import type { AwaitingRecord } from './case-record.ts';

/**
 * The error a waiting step's task is failed with when the case's level rose and the step now
 * belongs to another role: the workflow asks the step again, and the notify step finds the new
 * level's owner, who gets a link of their own; the old owner's link then only shows the case.
 */
export const STEP_HANDED_OVER = 'Case.StepHandedOver';

/**
 * Whether a waiting step moves to another person when the case reaches `level`: the owner's steps
 * follow the level's owner role; an approval stays with the approver it was asked of (the benefit
 * and its limit did not change).
 */
export function handsOverAt(
  policy: Policy,
  awaiting: Pick<AwaitingRecord, 'step' | 'role'> | undefined,
  level: number,
): boolean {
  if (awaiting === undefined || awaiting.step === 'approval' || awaiting.role === undefined) return false;
  const owner = policy.owners[level as 1 | 2 | 3];
  return owner !== undefined && owner.role !== awaiting.role;
}
