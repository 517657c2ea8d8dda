import { LEVELS, type Policy } from '../policy/policy-schema.ts';

/**
 * New cases one person of an owner role takes per working day: the policy's figure for the role,
 * else the default of the lowest level the role owns (a role that owns levels 1 and 2 works at
 * the pace of level-1 call-backs).
 */
export function newCasesPerDay(policy: Pick<Policy, 'owners' | 'workQueue'>, role: string): number {
  const named = policy.workQueue.newCasesPerDay[role];
  if (named !== undefined) return named;
  const lowest = LEVELS.find((level) => policy.owners[level].role === role);
  if (lowest === undefined) throw new RangeError(`${role} owns no level of the policy`);
  return policy.workQueue.defaultNewCasesPerDay[lowest];
}

/** Cases one person of the role holds open at once; undefined when the policy sets no limit. */
export function workInHand(policy: Pick<Policy, 'owners' | 'workQueue'>, role: string): number | undefined {
  const days = policy.workQueue.workInHandDays;
  return days === null ? undefined : newCasesPerDay(policy, role) * days;
}
