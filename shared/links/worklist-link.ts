import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { LINK_KEPT_DAYS } from './link-lifetime.ts';

/**
 * A person's worklist link, sent with their morning digest: it shows their open steps and the
 * queued alerts waiting in their line, as they stand when opened, and decides nothing. Like a
 * step link, the URL holds only an opaque id (a keyed hash of person and day); what it stands for
 * is kept in the Links table. It opens for three days, so Friday's still works on Monday morning.
 */
export const WORKLIST_VALID_DAYS = 3;

export const worklistLinkRecord = z.object({
  linkId: z.string(),
  kind: z.literal('worklist'),
  personId: z.string().min(1),
  /** The local date of the digest it came with. */
  day: z.string(),
  issuedAt: z.string(),
  expiresAt: z.number().int(),
  expiresAtEpoch: z.number().int(),
});
export type WorklistLinkRecord = z.infer<typeof worklistLinkRecord>;

const DAY_MS = 86_400_000;

export function worklistLink(
  secret: string,
  personId: string,
  day: string,
  now: number,
  formatInstant: (ms: number) => string,
): WorklistLinkRecord {
  const linkId = createHmac('sha256', secret)
    .update(['winback-worklist-v1', personId, day].join('\n'))
    .digest('base64url');
  const expiresAt = now + WORKLIST_VALID_DAYS * DAY_MS;
  return {
    linkId,
    kind: 'worklist',
    personId,
    day,
    issuedAt: formatInstant(now),
    expiresAt,
    expiresAtEpoch: Math.ceil(expiresAt / 1000) + LINK_KEPT_DAYS * 86_400,
  };
}
