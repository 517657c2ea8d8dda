import { mkdir } from 'node:fs/promises';
import { GetExecutionHistoryCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#shared/adapters/dynamodb/document-client.ts';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { ARTIFACTS_DIR, launchChromium } from '../helpers/browser.ts';
import { event } from '../helpers/customer-builder.ts';
import { follow, linkIn, type Mail, mailsMatching } from '../helpers/local-mailbox.ts';
import { postToApi, startTestStack } from '../helpers/test-stack.ts';

const DAY = 86_400_000;
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

/** The approval history of the case: how often Execute ran, and whether the approval's token was answered. */
async function caseProgress() {
  const { executions = [] } = await stack.sfn.send(
    new ListExecutionsCommand({ stateMachineArn: stack.stateMachines.case }),
  );
  const { events = [] } = await stack.sfn.send(
    new GetExecutionHistoryCommand({ executionArn: executions[0]?.executionArn }),
  );
  return {
    executes: events.filter((e) => e.stateEnteredEventDetails?.name === 'Execute').length,
    approvalAnswered: events.some(
      (e) => e.type === 'TaskSucceeded' && e.taskSucceededEventDetails?.resource === 'AwaitApproval',
    ),
  };
}

describe('an approver decides in a browser, from the mailbox', () => {
  it('opens the approval email in the mailbox page, follows its link, presses Approve, and the case moves on to issue the benefit', async () => {
    // A level-2 case (a regular away 100 days with a serious complaint) whose owner plans a benefit above the limit.
    const now = stack.clock.read().now;
    await post('/v1/customers', {
      customers: [
        { customerId: 'CAPP0007', storeId: 'STORE-02', segment: 'regular', contact: { phone: '13900001111' } },
      ],
    });
    const history = [
      event.visit(new Date(now - 160 * DAY).toISOString(), 128),
      event.visit(new Date(now - 100 * DAY).toISOString(), 128),
      event.complaint(new Date(now - 5 * DAY).toISOString(), 'serious', 'service'),
    ];
    await post('/v1/events', { events: history.map((e) => ({ ...e, customerId: 'CAPP0007', storeId: 'STORE-02' })) });
    expect((await stack.scan()).status).toBe('SUCCEEDED');
    const to = (address: string, step: string) => (mail: Mail) =>
      mail.destination.to.includes(address) && mail.subject.includes(step);
    const [planMail] = await mailsMatching(stack.urls.ses, to('ops-02@chain.example', '响应计划 Response plan'));
    expect(
      (
        await follow(linkIn(planMail as Mail), {
          indicatorsConfirmed: 'yes',
          likelyCause: '主持人态度差 a rude DM',
          strategy: 'free_new_script_session',
        })
      ).status,
    ).toBe(200);
    const [contactMail] = await mailsMatching(stack.urls.ses, to('ops-02@chain.example', '首次联系 First contact'));
    expect(
      (await follow(linkIn(contactMail as Mail), { result: 'reached', said: '愿意再来试试', cause: 'the DM was rude' }))
        .status,
    ).toBe(200);
    await mailsMatching(stack.urls.ses, to('dgm@chain.example', '福利审批 Benefit approval'));
    expect(await caseProgress()).toEqual({ executes: 1, approvalAnswered: false });

    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 420, height: 860 } });
    const mailbox = await context.newPage();
    await mailbox.goto(stack.urls.mailbox);
    const email = mailbox.locator('.email', { hasText: '福利审批 Benefit approval' });
    await expect.poll(() => email.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => email.textContent()).toContain('dgm@chain.example');
    // The mailbox page redraws when new mail arrives (other cases' emails, on a loaded machine):
    // open the HTML view and follow the link again if a redraw took them away.
    const openLink = async (): Promise<Page> => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          if (!(await email.locator('iframe').isVisible()))
            await email.getByRole('button', { name: 'Toggle HTML view' }).click();
          const link = email.frameLocator('iframe').getByRole('link');
          await link.waitFor({ timeout: 10_000 });
          const [opened] = await Promise.all([
            context.waitForEvent('page', { timeout: 15_000 }),
            link.click({ timeout: 10_000 }),
          ]);
          return opened;
        } catch (error) {
          if (attempt >= 3) throw error;
        }
      }
    };
    const approvalPage = await openLink();
    await approvalPage.waitForLoadState();
    const approve = approvalPage.getByRole('button', { name: '批准 Approve' });
    await approve.waitFor();
    expect(await approvalPage.textContent('body')).toMatch(/Benefit asked for: .+\(¥168\)/);
    expect(await approvalPage.textContent('body')).not.toContain('CAPP0007');
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await approvalPage.screenshot({ path: `${ARTIFACTS_DIR}approval-page.png`, fullPage: true });

    await approvalPage.getByRole('textbox', { name: '备注 Note' }).fill('同意，下不为例');
    await approve.click();
    await approvalPage.getByText('已提交 Submitted').waitFor();

    // The execution moves on past the approval: Execute runs again and issues the benefit to the ledger.
    await expect.poll(caseProgress, { timeout: 15_000 }).toEqual({ executes: 2, approvalAnswered: true });
    const doc = documentClient();
    await expect
      .poll(
        async () =>
          (await doc.send(new ScanCommand({ TableName: stack.tables.ledger }))).Items?.map((item) => [
            item.customerId,
            item.costYuan,
            item.approvedBy,
          ]),
        { timeout: 15_000 },
      )
      .toEqual([['CAPP0007', 168, ['deputy_gm']]]);
    await context.close();
  }, 120_000);
});
