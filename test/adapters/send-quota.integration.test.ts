import { GetSendQuotaCommand, SESClient } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readSendQuota } from '#shared/adapters/ses/send-quota.ts';

const ses = mockClient(SESClient);
const client = new SESClient({ region: 'ap-southeast-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

beforeEach(() => ses.reset());

describe("reading the account's SES quota for the scan", () => {
  it('gives the figures SES reports', async () => {
    ses.on(GetSendQuotaCommand).resolves({ Max24HourSend: 200, SentLast24Hours: 12, MaxSendRate: 1 });
    expect(await readSendQuota(client)).toEqual({ max24HourSend: 200, sentLast24Hours: 12, maxSendRate: 1 });
  });

  it('says it does not know, and why, when SES refuses or fails, rather than stopping the scan', async () => {
    ses.on(GetSendQuotaCommand).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDenied' }));
    const reasons: string[] = [];
    expect(await readSendQuota(client, (reason) => reasons.push(reason))).toBeUndefined();
    expect(reasons).toEqual(['GetSendQuota failed: AccessDenied']);
  });
});

describe("the local SES's quota, as the local stack's scans read it", () => {
  it('reports the sandbox limits it is given and the sends it passed, through the real SDK client', async () => {
    const { startLocalSes } = await import('../../infra/local/local-ses.ts');
    const local = await startLocalSes();
    ses.restore();
    try {
      const client = new SESClient({
        endpoint: local.url,
        region: 'ap-southeast-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      });
      expect(await readSendQuota(client)).toEqual({ max24HourSend: -1, sentLast24Hours: 0, maxSendRate: 14 });
      local.setQuota({ max24HourSend: 200, maxSendRate: 1 });
      const { SendEmailCommand } = await import('@aws-sdk/client-ses');
      await client.send(
        new SendEmailCommand({
          Source: 'a@chain.example',
          Destination: { ToAddresses: ['b@chain.example'] },
          Message: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } },
        }),
      );
      expect(await readSendQuota(client)).toEqual({ max24HourSend: 200, sentLast24Hours: 1, maxSendRate: 1 });
    } finally {
      await local.stop();
    }
  });
});
