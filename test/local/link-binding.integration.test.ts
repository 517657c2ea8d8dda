import { DescribeExecutionCommand, ListExecutionsCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#shared/adapters/dynamodb/document-client.ts';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { caseAudit } from '../helpers/case-audit.ts';
import { event } from '../helpers/customer-builder.ts';
import { follow, linkIn, type Mail, mailsMatching } from '../helpers/local-mailbox.ts';
import { policyTimeOf, postToApi, startTestStack } from '../helpers/test-stack.ts';

/**
 * Email links as an attacker and a careless user would use them, through HTTP on the running local
 * stack: a link decides only the step it was issued for, for the person it was issued to, once.
 */
const DAY = 86_400_000;
let stack: LocalStack;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  stack = await startTestStack();
  doc = documentClient();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const policyNow = () => policyTimeOf(stack);

const post = (path: string, body: unknown) => postToApi(stack, path, body);

/** Regulars of STORE-01 away 100 days, sent through the ingestion API, then a scan: each gets a level-1 case. */
async function casesFor(...customerIds: string[]): Promise<void> {
  const now = await policyNow();
  await post('/v1/customers', {
    customers: customerIds.map((customerId) => ({ customerId, storeId: 'STORE-01', segment: 'regular' })),
  });
  const visits = customerIds.flatMap((customerId) =>
    [160, 130, 100].map((days) => ({
      ...event.visit(new Date(now - days * DAY).toISOString(), 128),
      customerId,
      storeId: 'STORE-01',
    })),
  );
  await post('/v1/events', { events: visits });
  const scan = await stack.scan('daily');
  expect(scan, JSON.stringify(scan.output)).toMatchObject({ status: 'SUCCEEDED' });
}

const isCopy = (mail: Mail) => mail.subject.startsWith('【知会 FYI】');
const ownerMail = (customerId: string, step: string, count = 1) =>
  mailsMatching(
    stack.urls.ses,
    (mail) => !isCopy(mail) && mail.subject.includes(maskedCustomer(customerId)) && mail.subject.includes(step),
    count,
  );

async function alertOf(customerId: string) {
  const { Items = [] } = await doc.send(
    new QueryCommand({
      TableName: stack.tables.alerts,
      KeyConditionExpression: 'customerId = :c',
      ExpressionAttributeValues: { ':c': customerId },
    }),
  );
  return Items[0] ?? {};
}

async function audit(customerId: string) {
  return caseAudit(doc, stack.tables.audit, customerId, (await alertOf(customerId)).alertId);
}
const plan = { indicatorsConfirmed: 'yes', likelyCause: '工作太忙 busy at work', strategy: 'none' };
const contact = { result: 'refused', said: '', cause: 'not interested' };

describe('an email link decides only what it was issued for (issue 14)', () => {
  it('carries an opaque id, and the pages forbid framing, sniffing, caching and scripts', async () => {
    await casesFor('CLNK0001');
    const link = linkIn((await ownerMail('CLNK0001', 'Response plan'))[0] as Mail);
    const id = link.split('/c/')[1] ?? '';
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(id, 'base64url').toString('latin1')).not.toContain('CLNK');
    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).not.toMatch(/<script/i);
    // The same bytes spelled another way (base64url's unused bits) open nothing.
    const last = id.at(-1) ?? 'A';
    const variant = `${id.slice(0, -1)}${String.fromCharCode(last.charCodeAt(0) + 1)}`;
    expect(Buffer.from(variant, 'base64url').equals(Buffer.from(id, 'base64url'))).toBe(true);
    expect((await follow(link.replace(id, variant))).status).toBe(404);
  }, 60_000);

  it('refuses an answer posted from another site, and records nothing', async () => {
    await casesFor('CLNK0002');
    const link = linkIn((await ownerMail('CLNK0002', 'Response plan'))[0] as Mail);
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }]) {
      const response = await fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(plan),
      });
      expect(response.status).toBe(403);
    }
    expect((await alertOf('CLNK0002')).awaiting).toMatchObject({ step: 'response_plan' });
    expect((await follow(link, plan)).status).toBe(200);
  }, 60_000);

  it('answers the response plan with the plan link once; used again it cannot answer the contact step, nor can the store manager’s copy', async () => {
    await casesFor('CLNK0003');
    const planLink = linkIn((await ownerMail('CLNK0003', 'Response plan'))[0] as Mail);
    const [copy] = await mailsMatching(
      stack.urls.ses,
      (mail) => isCopy(mail) && mail.subject.includes(maskedCustomer('CLNK0003')),
    );
    expect(copy?.destination.to).toEqual(['sm-01@chain.example']);
    const copied = await follow(linkIn(copy as Mail), plan);
    expect(copied.status).toBe(409);
    expect(copied.body).toContain('copied for information');

    expect((await follow(planLink, plan)).status).toBe(200);
    await ownerMail('CLNK0003', 'First contact');
    const reused = await follow(planLink, contact);
    expect(reused.status).toBe(409);
    expect(reused.body).toContain('already answered through this link');
    // The case still waits for the first contact, from its owner: nothing was decided in their name.
    expect((await alertOf('CLNK0003')).awaiting).toMatchObject({ step: 'contact', personId: 'cs-01' });
    expect((await alertOf('CLNK0003')).status).toBe('in_progress');

    // Each view and each refused attempt is recorded apart, under the person the link was issued to.
    expect((await follow(linkIn(copy as Mail))).status).toBe(200);
    const trail = await audit('CLNK0003');
    const seen = trail.filter((entry) => entry.what === 'case viewed read-only' || entry.what === 'answer refused');
    expect(seen.map((entry) => [entry.what, entry.actor, entry.details.reason]).sort()).toEqual([
      ['answer refused', 'cs-01', 'answered'],
      ['answer refused', 'sm-01', 'copied'],
      ['case viewed read-only', 'sm-01', 'copied'],
    ]);
    expect(trail.find((entry) => entry.what === 'response plan recorded')).toMatchObject({
      actor: 'cs-01',
      details: { from: expect.any(String), userAgent: expect.any(String) },
    });
  }, 60_000);

  it('after a reminder, the first link only shows the case and the reminder’s link decides', async () => {
    // A day passes in four seconds: the 24-hour deadline passes and the reminder comes.
    await fetch(`${stack.urls.api}/ops/clock`, {
      method: 'POST',
      body: new URLSearchParams({ scale: String(21_600) }),
      redirect: 'manual',
    });
    try {
      await casesFor('CLNK0004');
      const first = linkIn((await ownerMail('CLNK0004', 'Response plan'))[0] as Mail);
      const reminder = linkIn((await ownerMail('CLNK0004', 'Reminder 1'))[0] as Mail);
      const stale = await follow(first, plan);
      expect(stale.status).toBe(409);
      expect(stale.body).toContain('replaced by a newer one');
      expect((await follow(reminder, plan)).status).toBe(200);
    } finally {
      await fetch(`${stack.urls.api}/ops/clock`, {
        method: 'POST',
        body: new URLSearchParams({ scale: '1' }),
        redirect: 'manual',
      });
    }
  }, 60_000);

  it('does not lose an answer when the case stopped: the person is told it was not recorded, and nothing says it was decided', async () => {
    await casesFor('CLNK0005');
    const link = linkIn((await ownerMail('CLNK0005', 'Response plan'))[0] as Mail);
    const { executions = [] } = await stack.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: stack.stateMachines.case, statusFilter: 'RUNNING' }),
    );
    let stopped = false;
    for (const execution of executions) {
      const described = await stack.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
      if (JSON.parse(described.input ?? '{}').customerId !== 'CLNK0005') continue;
      await stack.sfn.send(new StopExecutionCommand({ executionArn: execution.executionArn }));
      stopped = true;
    }
    expect(stopped).toBe(true);
    const refused = await follow(link, plan);
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('Your answer was not recorded');
    expect((await audit('CLNK0005')).some((entry) => entry.what === 'response plan recorded')).toBe(false);
    // Not "already decided": the link still says what it is for.
    expect((await follow(link)).body).toContain('name="likelyCause"');
  }, 60_000);
});

describe('one alert, one execution, and no case left open without one (issue 14)', () => {
  async function executionsByAlert() {
    const found = new Map<string, string[]>();
    let nextToken: string | undefined;
    do {
      const page = await stack.sfn.send(
        new ListExecutionsCommand({ stateMachineArn: stack.stateMachines.case, nextToken }),
      );
      for (const execution of page.executions ?? []) {
        const described = await stack.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
        const input = JSON.parse(described.input ?? '{}') as { customerId: string; alertId: string };
        const key = `${input.customerId}#${input.alertId}`;
        found.set(key, [...(found.get(key) ?? []), described.status ?? '']);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return found;
  }

  it('closes a case whose execution was stopped outside the workflow at the next scan, says why, and frees the customer', async () => {
    await casesFor('CSTK0001');
    const executions = await executionsByAlert();
    const [key] = [...executions.keys()].filter((k) => k.startsWith('CSTK0001#'));
    const { executions: running = [] } = await stack.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: stack.stateMachines.case, statusFilter: 'RUNNING' }),
    );
    for (const execution of running) {
      const described = await stack.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
      if (JSON.parse(described.input ?? '{}').customerId === 'CSTK0001')
        await stack.sfn.send(new StopExecutionCommand({ executionArn: execution.executionArn }));
    }
    expect((await alertOf('CSTK0001')).status).toBe('in_progress');
    expect((await stack.scan('daily')).status).toBe('SUCCEEDED');
    const closed = await alertOf('CSTK0001');
    expect(closed).toMatchObject({ status: 'failed', outcomeReason: 'case ended outside its workflow: ABORTED' });
    expect(`CSTK0001#${closed.alertId}`).toBe(key);
    expect((await audit('CSTK0001')).find((entry) => entry.entryKey === '98-reconciled')).toMatchObject({
      actor: 'system',
      what: 'closed: case ended outside its workflow: ABORTED',
    });
    // Free again: still away, the next scan alerts them anew and opens a case for the new alert.
    expect((await stack.scan('daily')).status).toBe('SUCCEEDED');
    const { Items = [] } = await doc.send(
      new QueryCommand({
        TableName: stack.tables.alerts,
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': 'CSTK0001' },
      }),
    );
    expect(Items.map((item) => item.status).sort()).toEqual(['failed', 'in_progress']);
  }, 90_000);

  it('races scans on a sped-up clock and ends with one execution per alert, each for an alert that exists, and no open case without a running execution', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `CRACE00${i}`);
    await casesFor(...ids);
    // Ten policy hours a second: deadlines pass, reminders and failures come while scans overlap.
    await fetch(`${stack.urls.api}/ops/clock`, {
      method: 'POST',
      body: new URLSearchParams({ scale: String(36_000) }),
      redirect: 'manual',
    });
    try {
      for (let round = 0; round < 3; round++) {
        const runs = await Promise.all([stack.scan('daily'), stack.scan('daily'), stack.scan('daily')]);
        expect(runs.map((run) => run.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
        // Some owners answer as it goes, through their latest link.
        for (const id of ids.slice(0, 3)) {
          const mails = await ownerMail(id, 'Response plan').catch(() => []);
          const latest = mails.at(-1);
          if (latest) await follow(linkIn(latest), plan);
        }
      }
    } finally {
      await fetch(`${stack.urls.api}/ops/clock`, {
        method: 'POST',
        body: new URLSearchParams({ scale: '1' }),
        redirect: 'manual',
      });
    }
    // A last scan reconciles whatever the race left.
    expect((await stack.scan('daily')).status).toBe('SUCCEEDED');
    const executions = await executionsByAlert();
    for (const id of ids) {
      const { Items = [] } = await doc.send(
        new QueryCommand({
          TableName: stack.tables.alerts,
          KeyConditionExpression: 'customerId = :c',
          ExpressionAttributeValues: { ':c': id },
        }),
      );
      const alertIds = new Set(Items.map((item) => `${id}#${item.alertId}`));
      for (const [key, statuses] of executions) {
        if (!key.startsWith(`${id}#`)) continue;
        expect(alertIds.has(key), `execution for ${key}, which is not an alert`).toBe(true);
        expect(statuses, key).toHaveLength(1);
      }
      for (const item of Items.filter((alert) => alert.status === 'open' || alert.status === 'in_progress')) {
        if (item.caseStartedAt === undefined) continue;
        expect(executions.get(`${id}#${item.alertId}`), `${id}#${item.alertId} is ${item.status}`).toEqual(['RUNNING']);
      }
    }
  }, 180_000);
});
