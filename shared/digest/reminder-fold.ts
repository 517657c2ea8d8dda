import type { Policy } from '../policy/policy-schema.ts';
import { nextDigestAt } from './digest-schedule.ts';

/**
 * A reminder waits for the morning digest when it gives at least two days more (a step of hours,
 * such as the 24-hour response plan, is urgent whatever the time of day: its reminders go at
 * once) and the digest comes in the first half of that time, early enough to act on: a call-back
 * reminder with three working days goes in tomorrow's digest; one missed on Friday evening and
 * due Monday noon is emailed at once.
 */
const MIN_WINDOW_MS = 48 * 3_600_000;
const DIGEST_WITHIN_SHARE = 0.5;

/**
 * Whether a reminder is told in the next digest rather than by an email of its own, and which
 * digest: undefined for a new step (always emailed at once) or when the digest would come late.
 */
export function reminderInDigest(
  policy: Pick<Policy, 'timeZone' | 'calendar'>,
  reminder: number,
  dueBy: string,
  now: number,
): { digestAt: number } | undefined {
  if (reminder <= 0) return undefined;
  const due = Date.parse(dueBy);
  if (!Number.isFinite(due) || due - now < MIN_WINDOW_MS) return undefined;
  const digestAt = nextDigestAt(policy, now);
  return digestAt <= now + (due - now) * DIGEST_WITHIN_SHARE ? { digestAt } : undefined;
}
