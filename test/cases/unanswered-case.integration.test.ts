import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '#shared/adapters/dynamodb/case-store.ts';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import { customerReference } from '#shared/privacy/customer-reference.ts';
import { localCaseWorkflow } from '../../infra/local/local-case-workflow.ts';
import type { LocalSes } from '../../infra/local/local-ses.ts';
import { lineOf } from '../helpers/case-fixtures.ts';
import { casePage, type PageCall } from '../helpers/case-page-request.ts';
import { type CaseWorld, LINK_SECRET, startCaseWorld } from '../helpers/case-world.ts';
import { linkIn, type Mail, mailsMatching } from '../helpers/local-mailbox.ts';
import type { LocalTables } from '../helpers/local-tables.ts';
import { openLevelOneCase as openCaseIn } from '../helpers/open-case.ts';

let world: CaseWorld;
let local: LocalTables;
let ses: LocalSes;
let workflow: Awaited<ReturnType<typeof localCaseWorkflow>>;
let page: PageCall;

beforeAll(async () => {
  world = await startCaseWorld({
    // A line three levels above the agent: team lead, head of operations, general manager.
    staff: [
      ...lineOf(['gm', 'ops-head', 'cs-1'], { 'cs-1': { supervisor: 'lead-1' } }),
      {
        id: 'lead-1',
        name: '钱组长',
        role: 'team_lead',
        stores: ['S1'],
        email: 'lead1@chain.example',
        supervisor: 'ops-head',
      },
    ],
    // A day passes in a second: the 24-hour plan deadline and each reminder's come a second apart.
    timeScale: 86_400,
  });
  ({ local, ses } = world);
  workflow = await localCaseWorkflow();
  page = await casePage();
});

afterAll(async () => {
  await workflow?.stop();
  await world?.stop();
});

/** Away 100 days: level 1, its case about to start. */
const openLevelOneCase = (customerId: string) =>
  openCaseIn(local, customerId, {
    indicators: [{ id: 'visit_gap', core: false, evidence: 'last visit 2026-08-12, 100 days ago, limit 60' }],
  });

const about = (customerId: string) => (mail: Mail) => mail.subject.includes(customerReference(customerId, LINK_SECRET));
const round = (mail: Mail) => Number(/Reminder (\d)/.exec(mail.subject)?.[1] ?? 0);

describe('a response plan nobody submits (Art. 13, 26)', () => {
  it('copies one level further up the line with each reminder, then fails the case, and every old link says why in its own words', async () => {
    const customerId = 'C-SILENT1';
    const execution = workflow.run(await openLevelOneCase(customerId));
    execution.catch(() => undefined);
    await expect(execution).rejects.toMatchObject({ name: 'NoResponsePlan' });

    // Reminder n copies the n-th person up the line: the team lead, the head of operations, then the GM (the top) for the rest.
    const copies = await mailsMatching(
      ses.url,
      (mail) => about(customerId)(mail) && mail.subject.startsWith('【知会 FYI】【催办'),
      4,
    );
    const copiedBy = copies.map((mail) => [round(mail), mail.destination.to]).sort(([a], [b]) => Number(a) - Number(b));
    expect(copiedBy).toEqual([
      [1, ['lead1@chain.example']],
      [2, ['ops@chain.example']],
      [3, ['gm@chain.example']],
      [4, ['gm@chain.example']],
    ]);

    const asked = (
      await mailsMatching(
        ses.url,
        (mail) => about(customerId)(mail) && mail.destination.to.includes('cs1@chain.example'),
        5,
      )
    ).sort((a, b) => round(a) - round(b));
    expect(asked.map(round)).toEqual([0, 1, 2, 3, 4]);
    // Chinese first, the deadline in the policy's zone and in words, the indicator by name with its evidence in both languages.
    expect(asked[0]!.body.text).toMatch(/响应计划截止：\d{4}年\d{1,2}月\d{1,2}日（周.）\d{2}:\d{2}前/);
    expect(asked[0]!.body.text).toMatch(
      /Response plan due by (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} \w{3} \d{4}, \d{2}:\d{2}/,
    );
    expect(asked[0]!.body.text).toMatch(
      /到店间隔过长 too long since the last visit：最近到店 (\S+)，距今 100 天（上限 60 天） \/ last visit \1, 100 days ago, limit 60/,
    );
    expect(asked[0]!.body.text).not.toContain('visit_gap');

    // The case failed and is with operations: the last link shows it read-only, as a page, however often it is pressed.
    expect(await new CaseStore(local.doc, local.names).alert(customerId, 'daily-1')).toMatchObject({
      status: 'failed',
    });
    const last = linkIn(asked[4]!);
    for (const request of [
      () => page('GET', last),
      () => page('POST', last, { indicatorsConfirmed: 'yes', likelyCause: 'too busy', strategy: 'none' }),
      () => page('POST', last, { indicatorsConfirmed: 'yes', likelyCause: 'too busy', strategy: 'none' }),
    ]) {
      const shown = await request();
      expect([200, 409]).toContain(shown.statusCode);
      expect(shown.headers?.['content-type']).toBe('text/html; charset=utf-8');
      expect(shown.body).toContain('案件已失败，已转交运营部处理');
      expect(shown.body).toContain('The case failed and was handed to operations');
      expect(shown.body).not.toContain('already answered');
      expect(shown.body).not.toContain('<form');
    }
    // A copy's link too.
    expect((await page('GET', linkIn(copies[0]!))).body).toContain('The case failed and was handed to operations');

    // Ops are told in Chinese first, English beside it, with the customer told apart by reference.
    const [failure] = await mailsMatching(
      ses.url,
      (mail) => mail.destination.to.includes('ops@chain.example') && mail.subject.includes('个案失败'),
    );
    expect(failure!.subject).toBe(
      `[Winback] 个案失败 Case failed: ${customerReference(customerId, LINK_SECRET)} (S1, L1) — NoResponsePlan`,
    );
    expect(failure!.body.text).toContain('催办后仍没有提交响应计划');
    expect(failure!.body.text).toContain('no response plan after every reminder up the line');
    expect(failure!.body.text).toMatch(/2026年11月20日（周五）02:00 识别/);
    expect(failure!.body.text).not.toContain(customerId);
    expect(failure!.subject).toContain(maskedCustomer(customerId));
  }, 60_000);

  it('answers with a page of its own when something breaks underneath, never raw JSON', async () => {
    const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
    const { vi } = await import('vitest');
    const [mail] = await mailsMatching(
      ses.url,
      (m) => about('C-SILENT1')(m) && m.destination.to.includes('cs1@chain.example'),
    );
    const spy = vi.spyOn(DynamoDBDocumentClient.prototype, 'send').mockRejectedValue(
      Object.assign(new Error('not authorized'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    try {
      const shown = await page('GET', linkIn(mail!));
      expect(shown.statusCode).toBe(503);
      expect(shown.headers?.['content-type']).toBe('text/html; charset=utf-8');
      expect(shown.headers?.['retry-after']).toBe('60');
      expect(shown.body).toContain('页面暂时出错');
      expect(shown.body).not.toContain('AccessDenied');
    } finally {
      spy.mockRestore();
    }
  });

  it('tells the holder of a link a reminder replaced that it was replaced, not that it was answered', async () => {
    const customerId = 'C-SILENT2';
    const execution = workflow.run(await openLevelOneCase(customerId));
    execution.catch(() => undefined);
    const [first] = await mailsMatching(
      ses.url,
      (mail) => about(customerId)(mail) && mail.destination.to.includes('cs1@chain.example') && round(mail) === 0,
    );
    await mailsMatching(
      ses.url,
      (mail) => about(customerId)(mail) && mail.destination.to.includes('cs1@chain.example') && round(mail) === 1,
    );
    const shown = await page('GET', linkIn(first!));
    // Unless the case has failed meanwhile (a second a day), the reminder replaced the link.
    expect(shown.body).toMatch(/新的提醒邮件取代|案件已失败/);
    expect(shown.body).not.toContain('already answered');
    await expect(execution).rejects.toMatchObject({ name: 'NoResponsePlan' });
  }, 60_000);
});
