import type { CustomerProfile } from '../customer/customer-file-schema.ts';
import type { CustomerEvent } from '../customer/event-schema.ts';
import type { FieldIssue } from '../validation/field-issues.ts';
import type { IngestBounds } from './ingest-bounds.ts';

const MINUTE_MS = 60_000;
const YEAR_MS = 365.25 * 86_400_000;

/**
 * What a well-formed record may still not say: an amount above the chain's maximum, an instant
 * before the floor or after now plus the allowed skew. A future-dated event would move the
 * state's horizon and prune real history with it; 1e300 yuan would swamp every sum.
 */
export function eventBoundIssues(event: CustomerEvent, now: number, bounds: IngestBounds): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const floor = Date.parse(bounds.earliestAt);
  const ceiling = now + bounds.futureSkewMinutes * MINUTE_MS;
  const instant = (
    field: string,
    text: string | undefined,
    latest = ceiling,
    latestSays = `more than ${describeSkew(bounds.futureSkewMinutes)} after the time it was received`,
  ) => {
    if (text === undefined) return;
    const at = Date.parse(text);
    if (at < floor) issues.push({ field, message: `before ${bounds.earliestAt}, the earliest instant accepted` });
    else if (at > latest) issues.push({ field, message: `in the future: ${latestSays}` });
  };
  const amount = (field: string, yuan: number | undefined) => {
    if (yuan !== undefined && yuan > bounds.maxAmountYuan)
      issues.push({ field, message: `above the maximum of ${bounds.maxAmountYuan} yuan` });
  };

  instant('at', event.at);
  switch (event.type) {
    case 'visit':
      amount('amount', event.amount);
      break;
    case 'stored_value':
      amount('amount', event.amount);
      amount('balanceAfter', event.balanceAfter);
      break;
    case 'complaint':
      instant('respondedAt', event.respondedAt);
      break;
    case 'membership':
      instant(
        'expiresAt',
        event.expiresAt,
        now + bounds.membershipYearsAhead * YEAR_MS,
        `more than ${bounds.membershipYearsAhead} years ahead`,
      );
      break;
  }
  return issues;
}

/** The same bounds on what a profile carries: the membership's expiry and stored-value balance. */
export function profileBoundIssues(profile: CustomerProfile, now: number, bounds: IngestBounds): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { expiresAt, storedValueBalance } = profile.membership ?? {};
  if (expiresAt !== undefined) {
    const at = Date.parse(expiresAt);
    if (at < Date.parse(bounds.earliestAt))
      issues.push({
        field: 'membership.expiresAt',
        message: `before ${bounds.earliestAt}, the earliest instant accepted`,
      });
    else if (at > now + bounds.membershipYearsAhead * YEAR_MS)
      issues.push({
        field: 'membership.expiresAt',
        message: `in the future: more than ${bounds.membershipYearsAhead} years ahead`,
      });
  }
  if (storedValueBalance !== undefined && storedValueBalance > bounds.maxAmountYuan) {
    issues.push({
      field: 'membership.storedValueBalance',
      message: `above the maximum of ${bounds.maxAmountYuan} yuan`,
    });
  }
  return issues;
}

function describeSkew(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `${minutes} minutes`;
}
