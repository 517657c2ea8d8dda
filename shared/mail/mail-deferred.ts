/**
 * A step fails with one of these when its email cannot go out now but will later: the account's
 * SES send rate or its 24-hour quota is used up. The workflow waits and runs the step again (see
 * MAIL_RETRIES): never a failed case, never a dropped email, and no Lambda time spent waiting.
 */
export const MAIL_RATE_EXCEEDED = 'Mail.RateExceeded';
export const MAIL_DAILY_QUOTA_EXCEEDED = 'Mail.DailyQuotaExceeded';

export type MailDeferral = typeof MAIL_RATE_EXCEEDED | typeof MAIL_DAILY_QUOTA_EXCEEDED;

/** Its name is what Step Functions matches a Retry on; its message names no recipient. */
export class MailDeferredError extends Error {
  constructor(name: MailDeferral, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * How the workflow spaces the tries of a step whose email was deferred (seconds). The send rate is
 * per second, but deadlines bunch (every 00:00 due-time falls due at once), so tries spread with
 * full jitter up to five minutes apart, for about half an hour. The 24-hour quota frees as the
 * oldest sends of the rolling day age out: hourly tries for a little over a day.
 */
export const MAIL_RETRIES = {
  [MAIL_RATE_EXCEEDED]: { intervalSeconds: 5, backoffRate: 2, maxDelaySeconds: 300, maxAttempts: 10 },
  [MAIL_DAILY_QUOTA_EXCEEDED]: { intervalSeconds: 3600, backoffRate: 1, maxDelaySeconds: 3600, maxAttempts: 26 },
} as const satisfies Record<
  MailDeferral,
  { intervalSeconds: number; backoffRate: number; maxDelaySeconds: number; maxAttempts: number }
>;
