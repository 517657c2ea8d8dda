import { createServer } from 'node:net';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { event } from '../helpers/customer-builder.ts';
import { follow, linkIn, type Mail, mailsMatching } from '../helpers/local-mailbox.ts';
import { runCli, scratchDir } from '../helpers/run-cli.ts';
import { freeStackPorts, policyTimeOf, postToApi, type StackPorts } from '../helpers/test-stack.ts';

const DAY = 86_400_000;
let stack: LocalStack;
let dataDir: string;
// Fixed for the file: a restart in this process must find its servers where the handlers' clients point.
let ports: StackPorts;

beforeAll(async () => {
  ports = await freeStackPorts();
  dataDir = await scratchDir();
  stack = await startLocalStack({ dataDir, clean: true, ports, sample: false, schedules: false, scanSegments: 2 });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const policyNow = () => policyTimeOf(stack);

const post = (path: string, body: unknown) => postToApi(stack, path, body);

/** A regular of STORE-01 last seen `away` days ago, sent through the ingestion API as the cashier would. */
async function ingestRegular(customerId: string, away: number): Promise<void> {
  const now = await policyNow();
  await post('/v1/customers', {
    customers: [
      { customerId, storeId: 'STORE-01', segment: 'regular', contact: { name: '林小雨', phone: '13812345678' } },
    ],
  });
  const visits = [away + 60, away + 30, away].map((days) => event.visit(new Date(now - days * DAY).toISOString(), 128));
  expect(
    await post('/v1/events', { events: visits.map((visit) => ({ ...visit, customerId, storeId: 'STORE-01' })) }),
  ).toMatchObject({ accepted: 3, rejected: [] });
}

// Owners change with the level (policy time runs fast here, so levels rise): mails are found by customer and step.
const about = (customerId: string, subject: string) => (mail: Mail) =>
  !isCopy(mail) && mail.subject.includes(maskedCustomer(customerId)) && mail.subject.includes(subject);
/** A for-your-information copy: its link shows the case and decides nothing. */
const isCopy = (mail: Mail) => mail.subject.startsWith('【知会 FYI】');
const copyAbout = (customerId: string, subject: string) => (mail: Mail) =>
  isCopy(mail) && mail.subject.includes(maskedCustomer(customerId)) && mail.subject.includes(subject);
const plan = { indicatorsConfirmed: 'yes', likelyCause: '工作太忙 busy at work', strategy: 'coupon_30_off_100' };

async function executionOf(customerId: string) {
  const { executions = [] } = await stack.sfn.send(
    new ListExecutionsCommand({ stateMachineArn: stack.stateMachines.case }),
  );
  const found = [];
  for (const execution of executions) {
    const described = await stack.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
    if (JSON.parse(described.input ?? '{}').customerId === customerId) found.push(described);
  }
  return found;
}

async function finished(customerId: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [execution] = await executionOf(customerId);
    if (execution && execution.status !== 'RUNNING') return execution;
    if (Date.now() > until) throw new Error(`the case of ${customerId} is still ${execution?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the whole system on one machine (npm start), driven as its users would', () => {
  it('ingests through the API, scans with `winback scan`, and drives cases to recovered, refused, lost and failed-after-escalation by email links, on a clock sped up from the ops page', async () => {
    for (const [id, away] of [
      ['CREC0001', 100],
      ['CREF0002', 100],
      ['CLOS0003', 100],
      ['COKY0005', 5],
    ] as const)
      await ingestRegular(id, away);

    const scan = await runCli(['scan', '--data-dir', dataDir, '--segments', '2']);
    expect(scan.stderr).toContain('SUCCEEDED');
    expect(scan.code).toBe(0);
    const { executions } = await stack.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: stack.stateMachines.case, statusFilter: 'RUNNING' }),
    );
    expect(executions?.map((e) => e.name?.slice(0, 12)).sort()).toEqual([
      'L1-STORE-01-',
      'L1-STORE-01-',
      'L1-STORE-01-',
    ]);
    expect((await executionOf('COKY0005')).length).toBe(0);

    // Each owner's email carries a link: the page shows the case, the form answers it, once.
    for (const id of ['CREC0001', 'CREF0002', 'CLOS0003']) {
      const [mail] = await mailsMatching(stack.urls.ses, about(id, '响应计划 Response plan'));
      expect(mail?.destination).toMatchObject({ to: ['cs-01@chain.example'], cc: [] });
      const [copy] = await mailsMatching(stack.urls.ses, copyAbout(id, '响应计划 Response plan'));
      expect(copy?.destination.to).toEqual(['sm-01@chain.example']);
      expect(mail?.body.text).not.toContain(id);
      const link = linkIn(mail as Mail);
      expect(link.startsWith(`${stack.urls.api}/c/`)).toBe(true);
      // The indicator by the name staff know it by, not its id.
      expect((await follow(link)).body).toContain('到店间隔过长 too long since the last visit');
      expect((await follow(link, plan)).status).toBe(200);
      expect((await follow(link, plan)).status).toBe(409);
    }
    const contacts = Object.fromEntries(
      await Promise.all(
        ['CREC0001', 'CREF0002', 'CLOS0003'].map(async (id) => [
          id,
          linkIn((await mailsMatching(stack.urls.ses, about(id, '首次联系 First contact')))[0] as Mail),
        ]),
      ),
    );

    // From here five policy days pass each second: the tracking rounds and deadlines come in seconds.
    const paced = await fetch(`${stack.urls.api}/ops/clock`, {
      method: 'POST',
      body: new URLSearchParams({ scale: String(5 * 86_400) }),
      redirect: 'manual',
    });
    expect(paced.status).toBe(303);
    expect(stack.clock.read().scale).toBe(5 * 86_400);

    const backAt = new Date(await policyNow()).toISOString();
    await post('/v1/events', {
      events: [{ ...event.visit(backAt, 198), customerId: 'CREC0001', storeId: 'STORE-01' }],
    });
    expect(
      (await follow(contacts.CREC0001 as string, { result: 'reached', said: '下周来', cause: 'busy' })).status,
    ).toBe(200);
    expect(
      (await follow(contacts.CREF0002 as string, { result: 'refused', said: '别再打了', cause: 'moved away' })).status,
    ).toBe(200);
    expect(
      (await follow(contacts.CLOS0003 as string, { result: 'unreachable', said: '', cause: 'no answer' })).status,
    ).toBe(200);

    const recovered = await finished('CREC0001');
    expect(recovered.status).toBe('SUCCEEDED');
    expect(JSON.parse(recovered.output ?? '{}')).toMatchObject({
      closed: { outcome: 'recovered' },
      execute: { action: 'issued' },
    });
    const refused = await finished('CREF0002');
    expect(JSON.parse(refused.output ?? '{}')).toMatchObject({ closed: { outcome: 'refused' } });

    // The next scan leaves the refused and the recovered customers alone, and starts a case for a
    // new customer on the fast clock whom nobody answers: reminders go up the line, then ops see it fail.
    await ingestRegular('CLAT0004', 100);
    expect((await runCli(['scan', '--data-dir', dataDir, '--segments', '2'])).code).toBe(0);
    expect((await executionOf('CREF0002')).length).toBe(1);
    expect((await executionOf('CREC0001')).length).toBe(1);

    const late = await finished('CLAT0004');
    expect(late).toMatchObject({ status: 'FAILED', error: 'NoResponsePlan' });
    const reminders = await mailsMatching(stack.urls.ses, about('CLAT0004', '响应计划 Response plan'), 5);
    expect(reminders.map((mail) => mail.subject.match(/Reminder (\d)/)?.[1] ?? '0')).toEqual(['0', '1', '2', '3', '4']);
    expect(reminders[1]?.destination.cc).toEqual([]);
    const copies = await mailsMatching(stack.urls.ses, copyAbout('CLAT0004', 'Reminder 1'));
    expect(copies.map((mail) => mail.destination.to[0])).toEqual(['ops-head@chain.example']);
    const history = await stack.sfn.send(new GetExecutionHistoryCommand({ executionArn: late.executionArn }));
    expect(history.events?.filter((e) => e.type === 'TaskTimedOut').length).toBe(5);
    expect(history.events?.at(-1)?.type).toBe('ExecutionFailed');
    // Not silently: the case is marked failed and the head of operations is told, the customer masked.
    const [failure] = await mailsMatching(stack.urls.ses, about('CLAT0004', 'Case failed'));
    expect(failure?.destination.to).toEqual(['ops-head@chain.example']);
    expect(failure?.subject).toContain('NoResponsePlan');
    expect(JSON.stringify(failure)).not.toContain('CLAT0004');

    // The tracking window ends without a visit: the owner says why, and the case closes lost.
    let lossMails: Mail[] = [];
    let answered = 0;
    for (let attempt = 0; attempt < 10 && answered !== 200; attempt++) {
      lossMails = await mailsMatching(stack.urls.ses, about('CLOS0003', '流失原因'), lossMails.length + 1);
      answered = (await follow(linkIn(lossMails.at(-1) as Mail), { category: 'moved', note: '搬去深圳' })).status;
    }
    const lost = await finished('CLOS0003');
    expect(JSON.parse(lost.output ?? '{}')).toMatchObject({ closed: { outcome: 'lost' } });
    expect((await mailsMatching(stack.urls.ses, about('CLOS0003', '跟进 Follow-up'))).length).toBeGreaterThan(3);

    // The ops page lists every case with where it stands, and the breaches against the owner.
    const ops = await (await fetch(stack.urls.ops)).text();
    for (const id of ['CREC0001', 'CREF0002', 'CLOS0003', 'CLAT0004']) expect(ops).toContain(maskedCustomer(id));
    expect(ops).not.toContain('CREC0001');
    expect(ops).toContain('个案 Cases (4: 0 running, 3 done, 1 failed)');
    // Four cases are within the call-back agent's eight a day: nothing waited in the work queue.
    expect(ops).toContain('排队 Work queue (0 waiting)');
    expect(ops).toMatch(/<span class="FAILED">FAILED<\/span>/);
    expect(ops).toMatch(/Breaches \((\d+)\)/);
    expect(Number(/Breaches \((\d+)\)/.exec(ops)?.[1])).toBeGreaterThanOrEqual(5);
    const page = await (
      await fetch(`${stack.urls.api}/ops/execution?arn=${encodeURIComponent(late.executionArn ?? '')}`)
    ).text();
    expect(page).toContain('TaskTimedOut');
    expect(page).not.toContain('CLAT0004');
  }, 240_000);

  it('answers the Step Functions API as AWS does: a repeated start is the same execution, unknown ones are named', async () => {
    const [execution] = await executionOf('CREC0001');
    await expect(
      stack.sfn.send(new DescribeExecutionCommand({ executionArn: `${execution?.executionArn}-nope` })),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    const history = await stack.sfn.send(
      new GetExecutionHistoryCommand({ executionArn: execution?.executionArn, maxResults: 5 }),
    );
    expect(history.events?.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
    ]);
    expect(history.nextToken).toBeDefined();
  });

  it('loads an export into the running stack with `winback import`', async () => {
    const dir = await scratchDir();
    const file = `${dir}/export.jsonl`;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      file,
      `${JSON.stringify({ customerId: 'CIMP0006', storeId: 'STORE-02', segment: 'member', events: [event.visit('2026-06-01T12:00:00Z', 99)] })}\n`,
    );
    const run = await runCli(['import', file, '--data-dir', dataDir]);
    expect(run.stderr).toContain('imported');
    expect(run.stderr).toContain('1 customers, 1 events accepted');
    expect(run.code).toBe(0);
  });

  it('keeps its data and its policy time across a restart, and starts clean when asked; a taken port is named', async () => {
    const before = stack.clock.read().now;
    await stack.stop();
    stack = await startLocalStack({ dataDir, ports, sample: false, schedules: false });
    expect(stack.clock.read().now).toBeGreaterThanOrEqual(before);
    const scanned = await stack.scan();
    expect(scanned.status).toBe('SUCCEEDED');
    expect(
      (scanned.output as { segmentResults: Array<{ scanned: number }> }).segmentResults.reduce(
        (sum, r) => sum + r.scanned,
        0,
      ),
    ).toBe(6);
    await stack.stop();

    stack = await startLocalStack({ dataDir, clean: true, ports, sample: false, schedules: false });
    expect(stack.clock.read().now).toBeLessThan(before);
    const empty = await stack.scan();
    expect(
      (empty.output as { segmentResults: Array<{ scanned: number }> }).segmentResults.reduce(
        (sum, r) => sum + r.scanned,
        0,
      ),
    ).toBe(0);

    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    await expect(
      startLocalStack({ dataDir: await scratchDir(), ports: { ...ports, api: port }, sample: false }),
    ).rejects.toThrow(
      `port ${port} on 127.0.0.1 (for the API, link pages and ops page) is already in use: stop what uses it (another \`npm start\`?) or pass --api-port <port>`,
    );
    taken.close();
  }, 120_000);
});
