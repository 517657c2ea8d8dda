import type { AlertLevel } from '../policy/policy-schema.ts';
import type { OpenAlert } from '../store/customer-item.ts';

export type AlertDecision = 'none' | 'raise' | 'escalate' | 'keep';

/**
 * What a scan does with a customer's level (Art. 12, SPEC section 3): a customer with an open
 * case gets no second one; a level that rises escalates the open one. A customer no longer at
 * risk keeps the open case: closing it (self-recovered) is the case workflow's call.
 */
export function decideAlert(level: AlertLevel, open: OpenAlert | undefined): AlertDecision {
  if (level === 0) return 'none';
  if (open === undefined) return 'raise';
  return level > open.level ? 'escalate' : 'keep';
}
