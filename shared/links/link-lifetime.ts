import { type LinkRequest, type StepLinkRecord, stepLinkId } from './step-link.ts';

/** A link opens its step for two weeks: longer than any step's deadline and its reminders. */
export const LINK_VALID_DAYS = 14;
/** How long a link's record outlives it: an expired link still says so, rather than "not valid". */
export const LINK_KEPT_DAYS = 30;

const DAY_MS = 86_400_000;

/** The record of a link issued now for a request: its id (the same for the same request), when it was issued, until when it opens, and when the table drops it. */
export function issuedLink(
  secret: string,
  request: LinkRequest,
  now: number,
  formatInstant: (ms: number) => string,
): StepLinkRecord {
  const expiresAt = now + LINK_VALID_DAYS * DAY_MS;
  return {
    ...request,
    linkId: stepLinkId(secret, request),
    issuedAt: formatInstant(now),
    expiresAt,
    expiresAtEpoch: Math.ceil(expiresAt / 1000) + LINK_KEPT_DAYS * 86_400,
  };
}
