import { mkdir } from 'node:fs/promises';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { LinkStore } from '#shared/adapters/dynamodb/link-store.ts';
import { digestDay, nextDigestAt } from '#shared/digest/digest-schedule.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { deadlineInWords } from '#shared/time/staff-time.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import type { LocalSes } from '../../infra/local/local-ses.ts';
import { ARTIFACTS_DIR, launchChromium } from '../helpers/browser.ts';
import { lineOf } from '../helpers/case-fixtures.ts';
import { type CaseWorld, startCaseWorld } from '../helpers/case-world.ts';
import { type Mail, mailbox } from '../helpers/local-mailbox.ts';
import type { LocalTables } from '../helpers/local-tables.ts';

let world: CaseWorld;
let local: LocalTables;
let ses: LocalSes;
let run: (asOf: string) => Promise<{ day: string; sent: number; already: number; dayOff?: true }>;
let open: (
  token: string,
  method?: string,
) => Promise<{ statusCode: number; body: string; headers: Record<string, string> }>;

const LINK = (n: number) => `L${String(n).padStart(42, '0')}`;

// The next digest morning from today, so that the links it issues are valid whenever the test runs.
const policy = presetPolicy('script-kill');
const clock = new ZonedClock(policy.timeZone);
const HOUR = 3_600_000;
const MORNING = nextDigestAt(policy, Date.now());
const MORNING_AT = clock.formatInstant(MORNING);
const DAY = MORNING_AT.slice(0, 10);
/** An instant `hours` from the digest morning, as the case steps write them. */
const fromMorning = (hours: number) => clock.formatInstant(MORNING + hours * HOUR);
const LATE = fromMorning(-22.5); // the day before, 10:00
const SOON = fromMorning(3 * 24 + 15.5); // three days on, 24:00
let dayOff = MORNING + 24 * HOUR;
while (digestDay(policy, dayOff)) dayOff += 24 * HOUR;

/** An open case waiting on `personId` for `step`, due at `dueBy`, asked `round` times already. */
const waiting = (
  customerId: string,
  personId: string,
  step: string,
  dueBy: string,
  round: number,
  extra: Record<string, unknown> = {},
) => ({
  customerId,
  alertId: 'daily-1',
  storeId: 'S1',
  level: 1,
  identifiedAt: '2026-11-20T02:00:00+08:00',
  status: 'in_progress',
  indicators: [],
  levelHistory: [],
  awaiting: {
    step,
    taskToken: `token-${customerId}`,
    linkId: LINK(customerId.length + round + step.length),
    personId,
    round,
    revision: 0,
    dueBy,
    firstAskedAt: '2026-11-24T09:00:00+08:00',
    role: 'customer_service',
    ...extra,
  },
});

const to = (address: string) => async (): Promise<Mail[]> =>
  (await mailbox(ses.url)).filter((mail) => mail.destination.to.includes(address) && mail.subject.includes('每日待办'));

beforeAll(async () => {
  world = await startCaseWorld({
    // Each is mailed at their id: the digest's addresses the tests look for.
    staff: lineOf(['ops-head', 'ops-1', 'cs-1']).map((person) => ({ ...person, email: `${person.id}@chain.example` })),
    env: { WINBACK_POLICY: 'script-kill' },
  });
  ({ local, ses } = world);
  await batchPut(local.doc, local.names.alerts, [
    {
      ...waiting('C-LATE', 'cs-1', 'response_plan', LATE, 1),
      awaiting: { ...waiting('C-LATE', 'cs-1', 'response_plan', LATE, 1).awaiting, linkId: LINK(1) },
    },
    {
      ...waiting('C-SOON', 'cs-1', 'contact', SOON, 0),
      awaiting: { ...waiting('C-SOON', 'cs-1', 'contact', SOON, 0).awaiting, linkId: LINK(2) },
    },
    {
      ...waiting('C-OPS', 'ops-1', 'contact', fromMorning(5 * 24), 0),
      awaiting: { ...waiting('C-OPS', 'ops-1', 'contact', fromMorning(5 * 24), 0).awaiting, linkId: LINK(3) },
    },
    // Answered a moment ago (the answer on its way to the workflow): not work any more.
    waiting('C-ANSWERED', 'cs-1', 'contact', fromMorning(-7 * 24), 2, {
      pending: {
        requestId: 'r',
        linkId: LINK(9),
        claimedAt: 1,
        answer: {},
        at: '2026-11-26T09:00:00+08:00',
        from: '127.0.0.1',
        userAgent: 'test',
      },
    }),
    { ...waiting('C-CLOSED', 'cs-1', 'contact', fromMorning(-7 * 24), 0), status: 'recovered' },
    // Waiting in the call-back agent's line for room: most at stake first.
    {
      customerId: 'C-QUEUED-LOW',
      alertId: 'daily-2',
      storeId: 'S1',
      level: 1,
      identifiedAt: '2026-11-25T02:00:00+08:00',
      status: 'queued',
      priority: 90,
      indicators: [],
      levelHistory: [{ level: 1 }],
    },
    {
      customerId: 'C-QUEUED-HIGH',
      alertId: 'daily-2',
      storeId: 'S1',
      level: 1,
      identifiedAt: '2026-11-26T02:00:00+08:00',
      status: 'queued',
      priority: 450,
      indicators: [],
      levelHistory: [{ level: 1 }],
    },
  ]);
  const { handler } = await import('../../functions/staff-digest/handler.ts');
  run = (asOf) => handler({ asOf }, { functionName: 'staff-digest', awsRequestId: 't' } as Context) as never;
  const worklist = await import('../../functions/worklist-page/handler.ts');
  open = (token, method = 'GET') =>
    worklist.handler(
      {
        pathParameters: { token },
        requestContext: { requestId: 'r', http: { method, sourceIp: '127.0.0.1', userAgent: 'test' } },
        headers: {},
      } as never,
      { functionName: 'worklist-page', awsRequestId: 'w' } as Context,
    ) as never;
});

afterAll(async () => {
  await world?.stop();
});

describe('the morning digest (Lambda on DynamoDB Local and the local SES)', () => {
  it('gives each person one email with their open steps, overdue first, each with its deadline in words and the link that answers it', async () => {
    const result = await run(MORNING_AT);
    expect(result).toEqual({ day: DAY, sent: 3, already: 0 });
    const [mail, ...more] = await to('cs-1@chain.example')();
    expect(more).toEqual([]);
    expect(mail!.subject).toContain('2 项待办，其中 1 项逾期');
    const text = mail!.body.text;
    // The overdue response plan first, then the contact due next week; the answered and the closed case are not there.
    expect(text.indexOf(LINK(1))).toBeGreaterThan(0);
    expect(text.indexOf(LINK(1))).toBeLessThan(text.indexOf(LINK(2)));
    expect(text).not.toContain(LINK(9));
    expect(text).toContain('【逾期】响应计划');
    expect(text).toContain(deadlineInWords(LATE, policy.timeZone).zh);
    expect(text).toContain(deadlineInWords(SOON, policy.timeZone).zh);
    expect(deadlineInWords(SOON, policy.timeZone).zh).toMatch(/24:00前$/);
    expect(text).toContain('已催办 1 次');
    expect(text).not.toContain('C-LATE');
  });

  it('shows the line above the overdue steps the reminders sent up to them, with a link of their own that only views', async () => {
    const [mail] = await to('ops-head@chain.example')();
    expect(mail!.subject).toContain('团队逾期 1 项');
    expect(mail!.body.text).toContain('王芳的响应计划');
    expect(mail!.body.text).not.toContain(LINK(1));
    const viewId = /https:\/\/links\.test\/c\/(\S+)/.exec(
      mail!.body.text.slice(mail!.body.text.indexOf('团队逾期（只读）')),
    )?.[1];
    const link = await new LinkStore(local.doc, local.names).find(viewId!);
    expect(link).toMatchObject({
      customerId: 'C-LATE',
      step: 'response_plan',
      round: 1,
      personId: 'ops-head',
      purpose: 'view',
    });
    const [ops] = await to('ops-1@chain.example')();
    expect(ops!.subject).toContain('1 项待办');
    expect(ops!.subject).not.toContain('逾期');
  });

  it('mails nobody twice when the schedule is delivered again, and nobody on a day off', async () => {
    const before = (await mailbox(ses.url)).length;
    expect(await run(MORNING_AT)).toEqual({ day: DAY, sent: 0, already: 3 });
    const offMorning = clock.formatInstant(dayOff);
    expect(await run(offMorning)).toEqual({ day: offMorning.slice(0, 10), sent: 0, already: 0, dayOff: true });
    expect((await mailbox(ses.url)).length).toBe(before);
  });
});

describe("a person's worklist page, from the link in their digest", () => {
  it('lists their open steps as they stand now, overdue first with the links that answer them, and the alerts waiting in their line, in order', async () => {
    const [mail] = await to('cs-1@chain.example')();
    const token = /https:\/\/links\.test\/w\/(\S+)/.exec(mail!.body.text)?.[1];
    const page = await open(token!);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('王芳的待办清单');
    expect(page.body.indexOf(`../c/${LINK(1)}`)).toBeGreaterThan(0);
    expect(page.body.indexOf(`../c/${LINK(1)}`)).toBeLessThan(page.body.indexOf(`../c/${LINK(2)}`));
    expect(page.body).not.toContain(LINK(3));
    // The line: the customer with more at stake first; no customer id in clear.
    const line = page.body.slice(page.body.indexOf('排队中的预警'));
    expect(line).toMatch(/<td>1<\/td><td>[^<]*<\/td><td>1<\/td><td>¥450<\/td>/);
    expect(line).toMatch(/<td>2<\/td><td>[^<]*<\/td><td>1<\/td><td>¥90<\/td>/);
    expect(page.body).not.toContain('C-QUEUED');
  });

  it('decides nothing, and says so for another link, a made-up one or a post', async () => {
    expect((await open('A'.repeat(43))).statusCode).toBe(404);
    expect((await open('not a link')).statusCode).toBe(404);
    const [mail] = await to('cs-1@chain.example')();
    const token = /https:\/\/links\.test\/w\/(\S+)/.exec(mail!.body.text)?.[1];
    expect((await open(token!, 'POST')).statusCode).toBe(405);
    // A step link is not a worklist, nor the other way round.
    expect((await open(LINK(1))).statusCode).toBe(404);
  });

  it('answers a page in its own words when something goes wrong, never raw JSON', async () => {
    // A worklist record that no longer parses (written by hand, or by an older version).
    const broken = `${'B'.repeat(42)}A`;
    await local.doc.send(
      new PutCommand({ TableName: local.names.links, Item: { linkId: broken, kind: 'worklist', personId: 'cs-1' } }),
    );
    const page = await open(broken);
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['retry-after']).toBe('60');
    expect(page.body).toContain('暂时出错 Something went wrong');
  });
});

describe('the digest and the worklist in a real browser, on a phone and on a desktop', () => {
  it('fit the screen without sideways scrolling, load nothing from elsewhere, and keep the most urgent step first', async () => {
    const [mail] = await to('cs-1@chain.example')();
    const token = /https:\/\/links\.test\/w\/(\S+)/.exec(mail!.body.text)?.[1];
    const worklist = await open(token!);
    const browser = await launchChromium();
    try {
      await mkdir(ARTIFACTS_DIR, { recursive: true });
      for (const [label, viewport] of [
        ['phone', { width: 390, height: 844 }],
        ['desktop', { width: 1280, height: 800 }],
      ] as const) {
        const context = await browser.newContext({ locale: 'zh-CN', viewport });
        const tab = await context.newPage();
        const requests: string[] = [];
        tab.on('request', (request) => {
          if (!request.url().startsWith('data:') && request.url() !== 'about:blank') requests.push(request.url());
        });
        for (const [name, html] of [
          ['digest-email', mail!.body.html ?? ''],
          ['worklist-page', worklist.body],
        ] as const) {
          await tab.setContent(html);
          expect(
            await tab.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
            `${name} on a ${label}`,
          ).toBe(true);
          const items = await tab.locator('ol li').allTextContents();
          // The response plan due first (overdue at the digest's morning; the page counts from the moment it is opened).
          expect(items[0], `${name} on a ${label}`).toContain('响应计划');
          await tab.screenshot({ path: `${ARTIFACTS_DIR}${name}-${label}.png`, fullPage: true });
        }
        expect(requests).toEqual([]);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });
});
