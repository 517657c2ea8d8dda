import type { CustomerState } from '../state/customer-state.ts';

export type FollowUpVerdict =
  | { outcome: 'recovered'; reason: string }
  | { outcome: 'lost'; reason: string }
  | { outcome: 'continue' };

/**
 * One round of tracking (Art. 16 (4)): the customer is won back once they visit again after the
 * alert; the case is lost when the tracking window ends without that visit; otherwise it goes on.
 */
export function followUpVerdict(
  state: CustomerState | undefined,
  identifiedAt: number,
  trackUntil: number,
  now: number,
  date: (instant: number) => string,
): FollowUpVerdict {
  const last = state?.visits.last;
  if (last && last.at > identifiedAt) return { outcome: 'recovered', reason: `came back on ${date(last.at)}` };
  if (now >= trackUntil)
    return { outcome: 'lost', reason: `no visit within the tracking window, which ended ${date(trackUntil)}` };
  return { outcome: 'continue' };
}
