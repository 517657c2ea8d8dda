import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import { MAIL_DAILY_QUOTA_EXCEEDED, MAIL_RATE_EXCEEDED } from '#shared/mail/mail-deferred.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamodb-local.ts';
import { localCaseWorkflow } from '../../infra/local/local-case-workflow.ts';
import type { LocalSes } from '../../infra/local/local-ses.ts';
import { caseAudit } from '../helpers/case-audit.ts';
import { lineOf } from '../helpers/case-fixtures.ts';
import { type CaseWorld, startCaseWorld } from '../helpers/case-world.ts';
import { mailbox, mailsMatching } from '../helpers/local-mailbox.ts';
import type { LocalTables } from '../helpers/local-tables.ts';
import { openLevelOneCase as openCaseIn } from '../helpers/open-case.ts';

let world: CaseWorld;
let local: LocalTables;
let ses: LocalSes;
let workflow: Awaited<ReturnType<typeof localCaseWorkflow>>;
let sfn: SFNClient;

beforeAll(async () => {
  world = await startCaseWorld({ staff: lineOf(['ops-head', 'sm-1', 'cs-1']) });
  ({ local, ses } = world);
  workflow = await localCaseWorkflow();
  sfn = new SFNClient({
    endpoint: process.env.AWS_ENDPOINT_URL_SFN,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
});

afterAll(async () => {
  ses?.throttle(0);
  await workflow?.stop();
  await world?.stop();
});

/** A customer with an open level-1 alert whose case is about to start, as the scan's opening leaves it. */
const openCase = (customerId: string) => openCaseIn(local, customerId);

/** Starts a case; the tests read its history, and the run ends when the workflow stops. */
function startCase(input: Record<string, unknown>): string {
  const { executionArn, result } = workflow.start(input);
  result.catch(() => undefined);
  return executionArn;
}

/** The errors the execution's tasks failed with so far, in order. */
async function taskErrors(executionArn: string): Promise<string[]> {
  const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return events.filter((e) => e.type === 'TaskFailed').map((e) => e.taskFailedEventDetails?.error ?? '');
}

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const about = (address: string, customerId: string) => (mail: { destination: { to: string[] }; subject: string }) =>
  mail.destination.to.includes(address) && mail.subject.includes(maskedCustomer(customerId));
const toOwnerAbout = (customerId: string) => about('cs1@chain.example', customerId);

describe('case emails when SES throttles the account', () => {
  it('waits out a used-up send rate in the workflow and then emails the owner exactly once', async () => {
    // More refusals than one notify's SDK retries absorb: the step itself must fail and be run again later.
    ses.throttle(8, 'rate');
    const before = ses.throttled();
    const executionArn = startCase(await openCase('C-THROTTLE1'));
    await mailsMatching(ses.url, toOwnerAbout('C-THROTTLE1'), 1, 90_000);
    expect(ses.throttled() - before).toBe(8);
    expect(await taskErrors(executionArn)).toContain(MAIL_RATE_EXCEEDED);
    // Still waiting on the owner's response plan, not failed; and no second copy of the email.
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await mailbox(ses.url)).filter(toOwnerAbout('C-THROTTLE1'))).toHaveLength(1);
  });

  it("sends the owner no second email when only the store manager's copy was throttled", async () => {
    // The owner's email goes out; the copy meets a used-up rate until the step is run again.
    ses.throttle(8, 'rate', 1);
    const executionArn = startCase(await openCase('C-THROTTLE2'));
    await mailsMatching(ses.url, about('sm1@chain.example', 'C-THROTTLE2'), 1, 90_000);
    expect(await taskErrors(executionArn)).toContain(MAIL_RATE_EXCEEDED);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await mailbox(ses.url)).filter(toOwnerAbout('C-THROTTLE2'))).toHaveLength(1);
    expect((await mailbox(ses.url)).filter(about('sm1@chain.example', 'C-THROTTLE2'))).toHaveLength(1);
  });

  it('keeps a case waiting, not failed, while the 24-hour quota is used up, and sends nothing meanwhile', async () => {
    ses.throttle(1_000, 'daily');
    const executionArn = startCase(await openCase('C-QUOTA1'));
    await until(
      () => taskErrors(executionArn),
      (errors) => errors.includes(MAIL_DAILY_QUOTA_EXCEEDED),
      'the deferred notify',
    );
    // Longer than a failing step's own retries take to give up and fail the case (3 s, then 6 s).
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    expect((await taskErrors(executionArn)).every((error) => error === MAIL_DAILY_QUOTA_EXCEEDED)).toBe(true);
    const audit = await caseAudit(local.doc, local.names.audit, 'C-QUOTA1');
    expect(audit.map((entry) => String(entry.step))).not.toContainEqual(expect.stringMatching(/fail/));
    expect((await mailbox(ses.url)).filter(toOwnerAbout('C-QUOTA1'))).toHaveLength(0);
  }, 60_000);
});
