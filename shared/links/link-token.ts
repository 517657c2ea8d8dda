import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The token in an email link: who it was sent to, for which case and action, until when, signed
 * with the link secret. It carries no Step Functions task token (that stays server-side), and it
 * is single-use: the page that acts on it records its id once (the store's conditional write).
 */
export const linkAction = z.enum(['response_plan', 'contact', 'approval', 'loss_reason', 'follow_up', 'close']);
export type LinkAction = z.infer<typeof linkAction>;

const claimsSchema = z
  .object({
    tokenId: z.string().min(8),
    caseId: z.string().min(1),
    action: linkAction,
    personId: z.string().min(1),
    /** Epoch ms. */
    expiresAt: z.number().int(),
  })
  .strict();
export type LinkClaims = z.infer<typeof claimsSchema>;

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

const encode = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const signature = (payload: string, secret: string): Buffer => createHmac('sha256', secret).update(payload).digest();

export function signLink(claims: Omit<LinkClaims, 'tokenId'> & { tokenId?: string }, secret: string): string {
  const payload = encode(JSON.stringify({ ...claims, tokenId: claims.tokenId ?? randomUUID() }));
  return `${payload}.${signature(payload, secret).toString('base64url')}`;
}

export function checkLink(token: string, secret: string, now: number): LinkCheck {
  const [payload, mac, extra] = token.split('.');
  if (!payload || !mac || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = signature(payload, secret);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let claims: LinkClaims;
  try {
    claims = claimsSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (now >= claims.expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
