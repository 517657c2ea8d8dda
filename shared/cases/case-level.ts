import type { Level, Policy } from '../policy/policy-schema.ts';

/**
 * The level a running case is at now: a scan that finds the customer worse escalates the open
 * alert (Art. 12), and every step after that works at the new level, with its owner and cadence.
 */
export function caseLevelNow(policy: Policy, alertLevel: number | undefined, verifiedLevel: Level): { level: Level; ownerRole: string } {
  const level = (alertLevel !== undefined && alertLevel > verifiedLevel ? alertLevel : verifiedLevel) as Level;
  return { level, ownerRole: policy.owners[level].role };
}
