import { createHash } from 'node:crypto';

/**
 * Whether an alerted customer is held back this period: a stable hash of the customer and the
 * period, so a customer stays in the same arm however often they are alerted in it, and the arms
 * are a fair draw (no store, level or staff choice decides who gets left alone).
 */
export function inHoldout(customerId: string, period: string, share: number): boolean {
  if (share <= 0) return false;
  const digest = createHash('sha256').update(`${customerId}#${period}`).digest();
  // The first 6 bytes as a uniform number in [0, 1).
  return digest.readUIntBE(0, 6) / 2 ** 48 < share;
}
