/** What SES lets the account send, as GetSendQuota reports it. */
export interface SendQuota {
  /** Emails in any rolling 24 hours (200 in the sandbox). */
  max24HourSend: number;
  sentLast24Hours: number;
  /** Emails a second (1 in the sandbox). */
  maxSendRate: number;
}

export interface MailBudget {
  /** Cases this run may open at most; undefined: the mail quota sets no bound. */
  casesAtMost: number | undefined;
  /** Case starts a second at most: the policy's pace, or slower where the send rate needs it. */
  startsPerSecond: number;
}

/**
 * Each new case emails its owner and copies the store manager at once (the response-plan step):
 * two emails a start.
 */
export const EMAILS_PER_NEW_CASE = 2;

/**
 * How many cases a scan may open, and how fast, within the account's SES limits: new cases may use
 * `share` of the 24-hour quota still unused and of the send rate, so that the reminders, later
 * steps of running cases and the reports (which cannot wait for tomorrow) keep the rest. Without a
 * quota (SES did not say), the policy's pace alone.
 *
 * Opening fewer is never a loss: the alerts stay queued, in order, and the next scan opens them.
 */
export function mailBudget(
  quota: SendQuota | undefined,
  policy: { startsPerSecond: number; mailShareForNewCases: number },
): MailBudget {
  if (quota === undefined) return { casesAtMost: undefined, startsPerSecond: policy.startsPerSecond };
  const share = policy.mailShareForNewCases;
  const unlimited = quota.max24HourSend < 0;
  const left = Math.max(0, quota.max24HourSend - quota.sentLast24Hours);
  const rate = quota.maxSendRate > 0 ? (quota.maxSendRate * share) / EMAILS_PER_NEW_CASE : policy.startsPerSecond;
  return {
    casesAtMost: unlimited ? undefined : Math.floor((left * share) / EMAILS_PER_NEW_CASE),
    startsPerSecond: Math.min(policy.startsPerSecond, rate),
  };
}
