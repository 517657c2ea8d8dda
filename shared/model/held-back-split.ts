/**
 * Which customers the risk model learns from and which are held back to judge it: a
 * deterministic split by a hash of the customer id (FNV-1a, 32 bits), so the same customer is on
 * the same side at every fit and on every machine, whatever order the data comes in.
 */
export type SplitPart = 'learn' | 'held-back';

/** Share of customers held back: judged on, never learned from nor calibrated on. */
export const HELD_BACK_SHARE = 0.3;

export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function splitPartOf(customerId: string): SplitPart {
  return fnv1a(customerId) / 2 ** 32 < 1 - HELD_BACK_SHARE ? 'learn' : 'held-back';
}
