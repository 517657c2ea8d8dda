import type { DigestLine } from '../digest/staff-digest.ts';
import { issuedLink } from './link-lifetime.ts';
import type { StepLinkRecord } from './step-link.ts';

/**
 * The read-only links a person above the owner gets for the team's overdue steps in their digest
 * and worklist: the same ids a reminder's copy to them carries (the request is the same), issued
 * again so that they open even where the reminder was told in a digest. By `customerId#alertId`.
 */
export async function teamViewLinks(
  secret: string,
  personId: string,
  team: readonly DigestLine[],
  now: number,
  formatInstant: (ms: number) => string,
  issue: (record: StepLinkRecord) => Promise<unknown>,
): Promise<Map<string, string>> {
  const viewLinks = new Map<string, string>();
  for (const line of team) {
    const request = {
      customerId: line.customerId,
      alertId: line.alertId,
      step: line.step,
      round: line.round,
      revision: line.revision,
      personId,
      purpose: 'view' as const,
      ...(line.approverRole ? { approverRole: line.approverRole } : {}),
    };
    const record = issuedLink(secret, request, now, formatInstant);
    await issue(record);
    viewLinks.set(`${line.customerId}#${line.alertId}`, record.linkId);
  }
  return viewLinks;
}

/** The URL of a line's link: the owner's own (it decides) or the read-only one above. */
export const lineLink =
  (baseUrl: string, viewLinks: ReadonlyMap<string, string>) =>
  (line: DigestLine, purpose: 'decide' | 'view'): string =>
    `${baseUrl}/c/${purpose === 'decide' ? line.linkId : viewLinks.get(`${line.customerId}#${line.alertId}`)}`;
