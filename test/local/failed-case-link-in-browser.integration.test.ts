import { mkdir } from 'node:fs/promises';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#shared/adapters/dynamodb/document-client.ts';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { ARTIFACTS_DIR, launchChromium } from '../helpers/browser.ts';
import { event } from '../helpers/customer-builder.ts';
import { linkIn, type Mail, mailsMatching } from '../helpers/local-mailbox.ts';
import { postToApi, startTestStack } from '../helpers/test-stack.ts';

/**
 * A case nobody answered: every reminder went out, the case failed and went to operations. The
 * owner then opens the link of the last reminder, and submits a form they had opened earlier, in
 * a real browser on the running local stack: each answers a page in its own words.
 */
const DAY = 86_400_000;
const CUSTOMER = 'CFLD0001';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
/** What a page says when something was decided through the link: nobody decided anything here. */
const ALREADY_DECIDED = [/已经提交过/, /already answered/i, /was recorded/i, /已提交 Submitted/];

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const post = (path: string, body: unknown) => postToApi(stack, path, body);

const ownerMail = (subject: string) =>
  mailsMatching(
    stack.urls.ses,
    (mail) =>
      !mail.subject.startsWith('【知会 FYI】') &&
      mail.subject.includes(maskedCustomer(CUSTOMER)) &&
      mail.subject.includes(subject),
    1,
    60_000,
  );

async function caseRecord() {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({
      TableName: stack.tables.alerts,
      KeyConditionExpression: 'customerId = :c',
      ExpressionAttributeValues: { ':c': CUSTOMER },
    }),
  );
  return Items[0] ?? {};
}

/** What a person sees: the status, the content type, the visible text, and the form's fields if any. */
async function seen(tab: Page, response: Awaited<ReturnType<Page['goto']>>) {
  return {
    status: response?.status(),
    contentType: response?.headers()['content-type'],
    text: (await tab.textContent('body')) ?? '',
    fields: await tab.locator('form textarea, form select').count(),
  };
}

describe('a failed case’s links, in a browser', () => {
  it('answers the last reminder’s link with a read-only page in its own words, Chinese first, at phone and desktop sizes; a second click and an old form say the case failed, never that it was decided', async () => {
    // A regular away 100 days: a level-1 case whose response plan (24 hours) goes to customer service.
    const now = stack.clock.read().now;
    await post('/v1/customers', { customers: [{ customerId: CUSTOMER, storeId: 'STORE-01', segment: 'regular' }] });
    await post('/v1/events', {
      events: [160, 130, 100].map((days) => ({
        ...event.visit(new Date(now - days * DAY).toISOString(), 128),
        customerId: CUSTOMER,
        storeId: 'STORE-01',
      })),
    });
    expect((await stack.scan('daily')).status).toBe('SUCCEEDED');
    const [first] = await ownerMail('响应计划 Response plan');

    // The owner opens the first email's link on their phone and leaves the form open in a tab.
    const phone = await browser.newContext({ locale: 'zh-CN', viewport: PHONE });
    const oldTab = await phone.newPage();
    await oldTab.goto(linkIn(first as Mail));
    await oldTab.getByRole('button', { name: '提交 Submit' }).waitFor();

    // Nobody answers: half a day a second, every reminder goes out and the case fails.
    await stack.clock.setPace(43_200);
    try {
      await mailsMatching(
        stack.urls.ses,
        (mail) => mail.subject.includes('个案失败 Case failed') && mail.subject.includes(maskedCustomer(CUSTOMER)),
        1,
        60_000,
      );
    } finally {
      // Links open for two weeks of policy time: stop the clock racing past them.
      await stack.clock.setPace(1);
    }
    expect(await caseRecord()).toMatchObject({ status: 'failed', failure: { error: 'NoResponsePlan' } });
    const [last] = await ownerMail('【催办 Reminder 4】');
    const lastLink = linkIn(last as Mail);

    await mkdir(ARTIFACTS_DIR, { recursive: true });
    const desktop = await browser.newContext({ locale: 'zh-CN', viewport: DESKTOP });
    for (const [label, context] of [
      ['phone', phone],
      ['desktop', desktop],
    ] as const) {
      const tab = await context.newPage();
      for (const click of ['first', 'second']) {
        const page = await seen(tab, await tab.goto(lastLink));
        expect(page.status, `${click} click on a ${label}`).toBe(200);
        expect(page.contentType).toContain('text/html');
        expect(page.text).not.toMatch(/^\s*\{/);
        // Why it only shows the case, Chinese first with English beside it; no form to answer.
        expect(page.text).toContain(
          '案件已失败，已转交运营部处理；这个链接不能再处理任何事项。The case failed and was handed to operations',
        );
        expect(page.text).toContain('响应计划 Response plan');
        expect(page.fields).toBe(0);
        for (const words of ALREADY_DECIDED) expect(page.text, `${click} click on a ${label}`).not.toMatch(words);
        expect(page.text).not.toContain(CUSTOMER);
        expect(await tab.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      }
      await tab.screenshot({ path: `${ARTIFACTS_DIR}failed-case-link-${label}.png`, fullPage: true });
      await tab.close();
    }

    // The form opened before the case failed, submitted now: refused in words, nothing decided.
    await oldTab.getByRole('textbox', { name: '可能原因 Likely cause' }).fill('工作太忙 busy at work');
    const [answer] = await Promise.all([
      oldTab.waitForResponse((response) => response.request().method() === 'POST'),
      oldTab.getByRole('button', { name: '提交 Submit' }).click(),
    ]);
    await oldTab.waitForLoadState();
    expect(answer.status()).toBe(409);
    expect(answer.headers()['content-type']).toContain('text/html');
    const refused = (await oldTab.textContent('body')) ?? '';
    expect(refused).toContain('案件已失败，已转交运营部处理');
    for (const words of ALREADY_DECIDED) expect(refused).not.toMatch(words);
    await oldTab.screenshot({ path: `${ARTIFACTS_DIR}failed-case-old-form-phone.png`, fullPage: true });
    expect(await caseRecord()).toMatchObject({ status: 'failed' });
    await phone.close();
    await desktop.close();
  }, 150_000);
});
