import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertWriter } from '#shared/adapters/dynamodb/alert-writer.ts';
import { CaseStore } from '#shared/adapters/dynamodb/case-store.ts';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { buildAlert } from '#shared/alerts/alert-record.ts';
import { WorkingCalendar } from '#shared/calendar/working-calendar.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { localCaseWorkflow } from '../../infra/local/local-case-workflow.ts';
import type { LocalSes } from '../../infra/local/local-ses.ts';
import { caseAudit } from '../helpers/case-audit.ts';
import { lineOf } from '../helpers/case-fixtures.ts';
import { casePage, type PageCall } from '../helpers/case-page-request.ts';
import { type CaseWorld, startCaseWorld } from '../helpers/case-world.ts';
import { event } from '../helpers/customer-builder.ts';
import { linkIn, type Mail, mailsMatching } from '../helpers/local-mailbox.ts';
import type { LocalTables } from '../helpers/local-tables.ts';
import { type CaseInput, openLevelOneCase } from '../helpers/open-case.ts';

let world: CaseWorld;
let local: LocalTables;
let ses: LocalSes;
let workflow: Awaited<ReturnType<typeof localCaseWorkflow>>;
let page: PageCall;

beforeAll(async () => {
  // A day passes in three seconds: the 24-hour plan deadline, and the 3-day follow-ups of level 2, come in seconds.
  world = await startCaseWorld({ staff: lineOf(['gm', 'dgm', 'ops-head', 'ops-1', 'cs-1']), timeScale: 86_400 / 3 });
  ({ local, ses } = world);
  workflow = await localCaseWorkflow();
  page = await casePage();
});

afterAll(async () => {
  await workflow?.stop();
  await world?.stop();
});

const to = (address: string, subject: RegExp) => (mail: Mail) =>
  mail.destination.to.includes(address) && subject.test(mail.subject);

/** What a later scan writes when it finds the customer at level 2: the alert built at that level, escalating the open one. */
async function escalateToLevelTwo({ customerId, identifiedAt }: CaseInput) {
  const policy = presetPolicy('script-kill');
  const finding = { id: 'serious_complaint', core: true, evidence: 'serious complaint in the last 30 days (service)' };
  const score = {
    customerId,
    storeId: 'S1',
    level: 2 as const,
    indicators: [finding],
    policyVersion: policy.version,
  } as never;
  const alert = buildAlert(
    score,
    policy,
    new WorkingCalendar(policy.calendar, new ZonedClock(policy.timeZone)),
    Date.parse('2026-11-23T02:00:00+08:00'),
    'daily-2',
  );
  const open = { alertId: 'daily-1', level: 1 as const, raisedLevel: 1 as const, identifiedAt };
  return new AlertWriter(local.doc, local.names).escalate(open, alert);
}

describe('a case escalated from level 1 to level 2 (Art. 12, 14-15)', () => {
  it("issues a level-2 benefit chosen by the new owner, after the approval its cost needs, and follows up at level 2's cadence", async () => {
    const customerId = 'C-ESC2';
    // Away 100 days: level 1 (visit_gap), its case about to start.
    const input = await openLevelOneCase(local, customerId);
    const execution = workflow.run(input);
    await mailsMatching(ses.url, to('cs1@chain.example', /^1级流失预警 .*响应计划 Response plan/));
    // Verified at level 1, then a scan finds the customer worse.
    expect(await escalateToLevelTwo(input)).toBe('escalated');
    expect(await new CaseStore(local.doc, local.names).alert(customerId, 'daily-1')).toMatchObject({
      level: 2,
      ownerRole: 'operations',
      followUpEveryDays: 3,
    });

    // The plan is now the level-2 owner's: the reminder after the missed 24 hours goes to them, offering level 2's catalogue.
    const [reminder] = await mailsMatching(ses.url, to('ops1@chain.example', /Reminder 1.*响应计划 Response plan/));
    const planLink = linkIn(reminder!);
    const shown = await page('GET', planLink);
    expect(shown.body).toContain('value="two_for_one"');
    expect(shown.body).not.toContain('value="coupon_30_off_100"');
    expect(
      (
        await page('POST', planLink, {
          indicatorsConfirmed: 'yes',
          likelyCause: 'bad DM session',
          strategy: 'two_for_one',
        })
      ).statusCode,
    ).toBe(200);

    const [contactMail] = await mailsMatching(
      ses.url,
      to('ops1@chain.example', /^2级流失预警 .*首次联系 First contact/),
    );
    expect(
      (await page('POST', linkIn(contactMail!), { result: 'reached', said: '', cause: 'the DM was rude' })).statusCode,
    ).toBe(200);

    // Two for one costs ¥128, above the pre-approved ¥50: the deputy GM approves it.
    const [approvalMail] = await mailsMatching(ses.url, to('dgm@chain.example', /福利审批 Benefit approval/));
    const approval = await page('GET', linkIn(approvalMail!));
    expect(approval.body).toMatch(/Benefit asked for: <strong>[^<]+<\/strong> \(¥128\)/);
    expect((await page('POST', linkIn(approvalMail!), { decision: 'approve', note: 'ok' })).statusCode).toBe(200);

    // Tracking at level 2: the new owner is asked to follow up every 3 days (level 1 would be weekly).
    const [followUp] = await mailsMatching(ses.url, to('ops1@chain.example', /^跟进 Follow-up 1/));
    expect(followUp!.body.text).toContain('every 3 days');
    await new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 }).write(customerId, 'S1', [
      event.visit(new Date().toISOString(), 198),
    ]);

    const output = await execution;
    expect(output.execute).toMatchObject({ action: 'issued', code: expect.stringMatching(/^WB-[0-9A-F]{12}$/) });
    expect(output.closed).toEqual({ outcome: 'recovered' });
    const { Items: ledger } = await local.doc.send(new ScanCommand({ TableName: local.names.ledger }));
    expect(ledger?.filter((entry) => entry.customerId === customerId)).toEqual([
      expect.objectContaining({
        code: output.execute.code,
        benefitId: 'two_for_one',
        costYuan: 128,
        approvedBy: ['deputy_gm'],
      }),
    ]);
    const audit = await caseAudit(local.doc, local.names.audit, customerId);
    expect(audit.find((entry) => entry.step === '03-response_plan')).toMatchObject({ actor: 'ops-1' });
    expect(audit.find((entry) => entry.step === '07-approval-deputy_gm')).toMatchObject({ actor: 'dgm' });
    expect(audit.find((entry) => entry.step === '06-issued-two_for_one')).toMatchObject({
      details: expect.objectContaining({ level: 2, approvedBy: ['deputy_gm'] }),
    });
    expect(audit.find((entry) => entry.step === '07-follow-up-000')?.what).toContain('next in 3 days');
  }, 60_000);
});
