import { GetSendQuotaCommand, type SESClient } from '@aws-sdk/client-ses';
import type { SendQuota } from '../../queue/mail-budget.ts';

/**
 * The account's SES quota in the mail region, for the scan to open what mail can carry; undefined
 * when SES does not say (the local SES has no quota API; a denied or failed read must not stop a
 * scan: the cases then open at the policy's pace, and a throttled email waits in its workflow).
 */
export async function readSendQuota(
  ses: SESClient,
  onUnknown: (reason: string) => void = () => undefined,
): Promise<SendQuota | undefined> {
  try {
    const quota = await ses.send(new GetSendQuotaCommand({}));
    const { Max24HourSend, SentLast24Hours, MaxSendRate } = quota;
    if (typeof Max24HourSend !== 'number' || typeof SentLast24Hours !== 'number' || typeof MaxSendRate !== 'number') {
      onUnknown('GetSendQuota answered without figures');
      return undefined;
    }
    return { max24HourSend: Max24HourSend, sentLast24Hours: SentLast24Hours, maxSendRate: MaxSendRate };
  } catch (error) {
    const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    onUnknown(
      `GetSendQuota failed: ${name ?? 'error'}${$metadata?.httpStatusCode ? ` (HTTP ${$metadata.httpStatusCode})` : ''}`,
    );
    return undefined;
  }
}
