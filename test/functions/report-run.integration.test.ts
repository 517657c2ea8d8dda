import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import type { ReportKind } from '#shared/reports/report-kind.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamodb-local.ts';
import { type LocalS3, startLocalS3 } from '../../infra/local/local-s3.ts';
import { type LocalSes, startLocalSes } from '../../infra/local/local-ses.ts';
import { useLocalLambdaEnvironment } from '../helpers/local-lambda-env.ts';
import { type Mail, mailbox } from '../helpers/local-mailbox.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';
import { scratchDir } from '../helpers/run-cli.ts';

let local: LocalTables;
let ses: LocalSes;
let s3: LocalS3;
let run: (event: {
  kind: ReportKind;
  asOf: string;
}) => Promise<{ period: string; copies: Array<{ scope: string; recipients: number; sent: boolean }> }>;

const person = (id: string, role: string, stores: string[], active = true) => ({
  id,
  name: id,
  role,
  stores,
  email: `${id}@chain.example`,
  active,
});
const decoded = (mail: Mail, extension: string) =>
  Buffer.from(mail.attachments?.find((file) => file.filename.endsWith(extension))?.content ?? '', 'base64').toString(
    'utf8',
  );

beforeAll(async () => {
  local = await localTables();
  ses = await startLocalSes();
  s3 = await startLocalS3({ directory: await scratchDir(), buckets: ['reports-test'] });
  useLocalLambdaEnvironment(local.names);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SES: ses.url,
    AWS_ENDPOINT_URL_S3: s3.url,
    REPORTS_BUCKET: 'reports-test',
    MAIL_FROM: 'winback@chain.example',
    WINBACK_POLICY: 'script-kill',
  });
  await batchPut(local.doc, local.names.staff, [
    person('gm', 'gm', ['*']),
    person('ops-head', 'operations_head', ['*']),
    person('dgm', 'deputy_gm', ['*'], false), // on leave: receives nothing
    person('sm-1', 'store_manager', ['S1']),
    person('sm-2', 'store_manager', ['S2']),
    person('cs-1', 'customer_service', ['S1']), // not in any report's audience
  ]);
  const alert = (customerId: string, storeId: string, level: number, status: string) => ({
    customerId,
    alertId: 'a1',
    storeId,
    level,
    identifiedAt: '2026-11-03T02:00:00+08:00',
    status,
    indicators: [],
    levelHistory: [],
    ownerDepartment: 'cs',
    deadlines: { firstContactBy: '2026-12-04T23:59:59+08:00' },
  });
  await batchPut(local.doc, local.names.alerts, [
    alert('CUST-1001', 'S1', 1, 'recovered'),
    alert('CUST-1002', 'S1', 1, 'lost'),
    alert('CUST-2001', 'S2', 2, 'recovered'),
  ]);
  const entry = (customerId: string, storeId: string) => ({
    snapshotId: 'risk-list#monthly-2026-11-30T19:00:00Z',
    entryKey: `${storeId}#${customerId}`,
    takenAt: '2026-11-30T19:00:00.000Z',
    customerId,
    storeId,
    level: 1,
    alertId: 'a1',
    indicators: [],
  });
  await batchPut(local.doc, local.names.snapshots, [entry('CUST-1001', 'S1'), entry('CUST-2001', 'S2')]);
  const { handler } = await import('../../functions/report-run/handler.ts');
  run = (event) => handler(event, { functionName: 'report-run', awsRequestId: 't' } as Context) as never;
});

afterAll(async () => {
  await s3?.stop();
  await ses?.stop();
});

describe('a scheduled report (Lambda on DynamoDB Local, the local SES and a local S3)', () => {
  it('builds the month just ended, keeps it in S3 and emails it to management with the CSV attached and the headline in the body, once', async () => {
    const result = await run({ kind: 'evaluation', asOf: '2026-12-01T07:30:00+08:00' });
    expect(result).toEqual({ period: '2026-11', copies: [{ scope: 'chain', recipients: 2, sent: true }] });
    const [mail, ...others] = (await mailbox(ses.url)).filter((m) => m.subject.includes('evaluation 2026-11'));
    expect(others).toEqual([]);
    expect(mail!.subject).toBe('[Winback] 挽回评估 Win-back evaluation 2026-11');
    // The local SES keeps the To header as written: one line, both people.
    expect(mail!.destination.to.join(', ')).toBe('gm@chain.example, ops-head@chain.example');
    expect(mail!.body.text).toContain(
      '- 1级：挽回 1/2（50.0%；目标 70.0%，未达标） / Level 1: 1 of 2 recovered (50.0%; target 70.0%, missed)',
    );
    const csv = decoded(mail!, '.csv');
    expect(mail!.attachments?.map((file) => file.filename)).toEqual([
      'evaluation-2026-11-chain.csv',
      'evaluation-2026-11-chain.html',
    ]);
    expect(csv.startsWith('\uFEFFstore,level,alerted,recovered')).toBe(true);
    expect(decoded(mail!, '.html')).toContain('<svg');
    // The same CSV is kept in the bucket under the period's key.
    const client = new S3Client({
      endpoint: s3.url,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
    });
    const kept = await client.send(
      new GetObjectCommand({ Bucket: 'reports-test', Key: 'reports/evaluation/2026-11/evaluation-2026-11-chain.csv' }),
    );
    expect(await kept.Body?.transformToString()).toBe(csv);

    // EventBridge delivers the same schedule twice: stored again, sent no more.
    const again = await run({ kind: 'evaluation', asOf: '2026-12-01T07:30:00+08:00' });
    expect(again.copies).toEqual([{ scope: 'chain', recipients: 2, sent: false }]);
    expect((await mailbox(ses.url)).filter((m) => m.subject.includes('evaluation 2026-11'))).toHaveLength(1);
  });

  it("sends each store manager the risk list of their own store only, masked, and the head of operations the chain's", async () => {
    const result = await run({ kind: 'risk-list', asOf: '2026-12-01T07:00:00+08:00' });
    expect(result.copies).toEqual([
      { scope: 'chain', recipients: 1, sent: true },
      { scope: 'S1', recipients: 1, sent: true },
      { scope: 'S2', recipients: 1, sent: true },
    ]);
    const mails = (await mailbox(ses.url)).filter((m) => m.subject.includes('Risk list 2026-12'));
    const to = (address: string) => mails.find((m) => m.destination.to.join(',').includes(address))!;
    const s1 = decoded(to('sm-1@chain.example'), '.csv');
    expect(
      s1
        .replace('\uFEFF', '')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',').slice(0, 2)),
    ).toEqual([['S1', 'CU*****01']]);
    expect(decoded(to('sm-2@chain.example'), '.csv')).not.toContain('S1,');
    expect(decoded(to('ops-head@chain.example'), '.csv').trim().split('\n')).toHaveLength(3);
    // No full customer id in any email, body or attachment.
    for (const mail of mails) expect(JSON.stringify(mail)).not.toMatch(/CUST-\d{4}/);
  });
});
