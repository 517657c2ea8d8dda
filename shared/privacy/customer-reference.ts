import { createHmac } from 'node:crypto';
import { maskedCustomer } from '../cases/execution-name.ts';

/** Crockford's base32: no I, L, O or U, so a reference read aloud or copied by hand stays itself. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SUFFIX_LENGTH = 5;

/**
 * How staff tell customers apart without seeing who they are (SPEC section 8): the masked id, as
 * everywhere, and a short keyed hash of the full id beside it, `C0****71·7K3FQ`.
 *
 * Why not simply mask fewer characters: a chain's ids are often the member's mobile number
 * (138****5678 then IS contact data), and ids numbered in sequence differ only in the digits a
 * mask hides, so any mask that tells 2,000 sequential ids apart shows them whole. Why keyed: the
 * mask hides only a few characters (4 digits of a phone number, 10,000 candidates), and a plain
 * hash of the id would give them back to anyone who tries each candidate; without the key the
 * suffix says nothing about the id. 25 bits: customers sharing one mask (20 in the 2,000-customer
 * sample chain, about 1,000 in a 100,000-customer one) rarely share a suffix too; the reference is
 * for people to tell rows apart, never a key the system looks anything up by.
 *
 * The key is derived from the link secret (one secret to keep and rotate; a rotation changes the
 * references shown from then on, as it changes new links).
 */
export function customerReference(customerId: string, key: string): string {
  const digest = createHmac('sha256', key).update(`winback-customer-reference-v1\n${customerId}`).digest();
  let suffix = '';
  // 5 bits per character from the first bytes of the digest.
  let bits = 0;
  let value = 0;
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && suffix.length < SUFFIX_LENGTH) {
      suffix += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (suffix.length === SUFFIX_LENGTH) break;
    value &= 0xff;
  }
  return `${maskedCustomer(customerId)}·${suffix}`;
}

/** How a page, email or report labels a customer: by reference when the key is at hand, else the mask alone. */
export type CustomerLabel = (customerId: string) => string;

export function customerLabeller(key: string | undefined): CustomerLabel {
  return key === undefined || key === '' ? maskedCustomer : (customerId) => customerReference(customerId, key);
}
