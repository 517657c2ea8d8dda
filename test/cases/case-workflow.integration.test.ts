import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertWriter } from '#shared/adapters/dynamodb/alert-writer.ts';
import { CaseStore } from '#shared/adapters/dynamodb/case-store.ts';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import { customerReference } from '#shared/privacy/customer-reference.ts';
import { localCaseWorkflow } from '../../infra/local/local-case-workflow.ts';
import { caseAudit } from '../helpers/case-audit.ts';
import { chainLine } from '../helpers/case-fixtures.ts';
import { casePage, type PageCall } from '../helpers/case-page-request.ts';
import { type CaseWorld, startCaseWorld } from '../helpers/case-world.ts';
import { event } from '../helpers/customer-builder.ts';
import type { LocalTables } from '../helpers/local-tables.ts';
import { openLevelOneCase as openCaseIn } from '../helpers/open-case.ts';

let world: CaseWorld;
let local: LocalTables;
let workflow: Awaited<ReturnType<typeof localCaseWorkflow>>;
let page: PageCall;

beforeAll(async () => {
  world = await startCaseWorld({ staff: chainLine });
  local = world.local;
  // The synthesized workflow behind a local Step Functions endpoint; its first task answer meets
  // throttling, which the page must retry with the same token, not lose.
  workflow = await localCaseWorkflow({ throttleFirst: { SendTaskSuccess: 1 } });
  page = await casePage();
});

afterAll(async () => {
  await workflow?.stop();
  await world?.stop();
});

interface Mail {
  destination: { to: string[]; cc?: string[] };
  subject: string;
  body: { text: string };
}

async function mailbox(): Promise<Mail[]> {
  return ((await (await fetch(`${world.ses.url}/store`)).json()) as { emails: Mail[] }).emails;
}

async function mailTo(address: string, count: number): Promise<Mail[]> {
  for (let i = 0; i < 200; i++) {
    const mails = (await mailbox()).filter((mail) => mail.destination.to.includes(address));
    if (mails.length >= count) return mails;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no mail ${count} for ${address}`);
}

/** The newest step email to `address` about a customer's step (other cases run beside it). */
async function mailAbout(address: string, customerId: string, step: string): Promise<Mail> {
  for (let i = 0; i < 200; i++) {
    const mail = (await mailbox())
      .filter(
        (m) =>
          m.destination.to.includes(address) &&
          !m.subject.startsWith('【知会') &&
          m.subject.includes(maskedCustomer(customerId)) &&
          m.subject.includes(step),
      )
      .at(-1);
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${step} mail to ${address} about ${customerId}`);
}

const linkIn = (mail: Mail): string => /https:\/\/links\.test\/c\/\S+/.exec(mail.body.text)?.[0] ?? '';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** A customer with an open level-1 alert, as a scan leaves them; by default still away 100 days. */
const openCase = (customerId: string, visits = [event.visit(daysAgo(100), 128)]) =>
  openCaseIn(local, customerId, {
    visits,
    indicators: [{ id: 'visit_gap', core: false, evidence: 'last visit 100 days ago, limit 60' }],
  });

/** The case's audit trail: what was done, without the record of each page view (those are tested apart). */
async function auditOf(customerId: string) {
  return (await caseAudit(local.doc, local.names.audit, customerId)).filter(
    (entry) => !['step page viewed', 'case viewed read-only', 'answer refused'].includes(String(entry.what)),
  );
}

/** The for-your-information copy a person received about a customer's step: its link opens the case and decides nothing. */
async function copyTo(address: string, customerId: string, step: string) {
  for (let i = 0; i < 200; i++) {
    const mail = (await mailbox()).find(
      (m) =>
        m.destination.to.includes(address) &&
        m.subject.startsWith('【知会 FYI】') &&
        m.subject.includes(maskedCustomer(customerId)) &&
        m.subject.includes(step),
    );
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no copy to ${address} about ${customerId}`);
}

describe('verify (Art. 16 (1)), on the synthesized case workflow', () => {
  it('closes a case as self-recovered when the customer came back, frees them for a new alert, and records it once', async () => {
    const input = await openCase('C-BACK1', [event.visit(daysAgo(90), 120), event.visit(daysAgo(1), 98)]);
    const output = await workflow.run(input);
    expect(output.verification).toMatchObject({ outcome: 'self_recovered', closed: true });
    expect(await new CaseStore(local.doc, local.names).alert('C-BACK1', input.alertId)).toMatchObject({
      status: 'self_recovered',
      outcomeReason: expect.stringMatching(/^no longer at risk: visited on \d{4}-\d{2}-\d{2}$/),
    });
    expect(
      (await new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 }).read('C-BACK1'))?.openAlert,
    ).toBeUndefined();
    await workflow.run(input);
    expect((await auditOf('C-BACK1')).map((entry) => entry.what)).toEqual(['verified: self_recovered']);
  });
});

const plan = {
  indicatorsConfirmed: 'yes',
  likelyCause: '新剧本太少 too few new scripts',
  strategy: 'coupon_30_off_100',
};

describe('the response plan and the first contact (Art. 13, 16-17), on the synthesized case workflow', () => {
  it('emails the owner a link for each step, moves on with what is submitted, once, and closes the case won back at the first follow-up', async () => {
    process.env.WINBACK_TIME_SCALE = '1';
    const input = await openCase('C-PLAN1');
    const before = (await mailbox()).filter((mail) => mail.destination.to.includes('cs1@chain.example')).length;
    const execution = workflow.run(input);
    const mail = (await mailTo('cs1@chain.example', before + 1)).at(-1)!;
    // The customer masked and told apart by a keyed reference; the indicator by name, its evidence in Chinese and English.
    expect(mail.subject).toBe(
      `1级流失预警 Level 1 churn alert · 响应计划 Response plan: ${customerReference('C-PLAN1', process.env.LINK_SECRET!)} (S1)`,
    );
    expect(mail.subject).toMatch(/: C\*{5}1·[0-9A-Z]{5} \(S1\)$/);
    expect(mail.body.text).toMatch(
      /到店间隔过长 too long since the last visit：最近到店 \d{4}-\d{2}-\d{2}，距今 100 天（上限 60 天） \/ last visit \d{4}-\d{2}-\d{2}, 100 days ago, limit 60/,
    );
    expect(mail.body.text).not.toContain('C-PLAN1');
    expect(mail.destination.cc ?? []).toEqual([]);
    const link = linkIn(mail);
    // The store manager hears of it with a link of their own that shows the case and decides nothing.
    const copy = await copyTo('sm1@chain.example', 'C-PLAN1', 'Response plan');
    expect(linkIn(copy)).not.toBe(link);
    expect((await page('GET', linkIn(copy))).body).toContain('copied for information');
    expect((await page('POST', linkIn(copy), plan)).statusCode).toBe(409);

    const shown = await page('GET', link);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('满100减30');
    const bad = await page('POST', link, { ...plan, likelyCause: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('name the likely cause');
    expect((await page('POST', link, plan)).statusCode).toBe(200);
    const [throttled, retried] = workflow.calls
      .filter((call) => call.operation === 'SendTaskSuccess')
      .map((call) => call.input);
    expect(retried).toEqual(throttled);
    const again = await page('POST', link, plan);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('already answered through this link');

    const contactMail = (await mailTo('cs1@chain.example', before + 2)).at(-1)!;
    expect(contactMail.subject).toContain('首次联系 First contact');
    const contactLink = linkIn(contactMail);
    const contactPage = (await page('GET', contactLink)).body;
    expect(contactPage).toContain('Refused');
    // The owner sees the benefit the plan chose, to offer the customer.
    expect(contactPage).toContain(
      '计划福利 Benefit in the plan: <strong>满100减30券 30 off a spend of 100（成本 ¥30）</strong>',
    );
    // From here a week passes in a second; the customer comes back before the first follow-up.
    process.env.WINBACK_TIME_SCALE = String(7 * 86_400);
    await new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 }).write('C-PLAN1', 'S1', [
      event.visit(new Date().toISOString(), 168),
    ]);
    expect(
      (await page('POST', contactLink, { result: 'reached', said: '最近工作忙 busy at work', cause: 'busy' }))
        .statusCode,
    ).toBe(200);

    const output = await execution;
    expect(output.verification).toMatchObject({
      outcome: 'confirmed',
      level: 1,
      ownerRole: 'customer_service',
      followUpEveryDays: 7,
    });
    expect(output.responsePlan).toMatchObject({ plan, by: 'cs-1' });
    expect(output.contact).toMatchObject({ contact: { result: 'reached', cause: 'busy' }, by: 'cs-1' });
    expect(output.execute).toMatchObject({ action: 'issued', code: expect.stringMatching(/^WB-[0-9A-F]{12}$/) });
    const { Items: ledger } = await local.doc.send(new ScanCommand({ TableName: local.names.ledger }));
    expect(ledger?.filter((entry) => entry.customerId === 'C-PLAN1')).toEqual([
      expect.objectContaining({
        code: output.execute.code,
        benefitId: 'coupon_30_off_100',
        costYuan: 30,
        approvedBy: [],
      }),
    ]);
    expect(output.closed).toEqual({ outcome: 'recovered' });
    // The owner got the code to hand to the customer, once.
    const told = (await mailbox()).filter(
      (m) =>
        m.destination.to.includes('cs1@chain.example') &&
        m.subject.startsWith('福利已发放') &&
        m.subject.includes(maskedCustomer('C-PLAN1')),
    );
    expect(told).toHaveLength(1);
    expect(told[0]!.body.text).toContain(`兑换码 Code: ${output.execute.code}`);
    expect(await new CaseStore(local.doc, local.names).alert('C-PLAN1', input.alertId)).toMatchObject({
      status: 'recovered',
      outcomeReason: expect.stringMatching(/^came back on \d{4}-\d{2}-\d{2}$/),
    });

    const audit = await auditOf('C-PLAN1');
    expect(audit.map((entry) => [entry.step, entry.actor])).toEqual([
      ['01-verify', 'system'],
      ['02-notify-0', 'system'],
      ['03-response_plan', 'cs-1'],
      ['04-notify-0', 'system'],
      ['05-contact', 'cs-1'],
      ['06-issued-coupon_30_off_100', 'system'],
      ['07-follow-up-000', 'system'],
      ['99-close', 'system'],
    ]);
    expect(audit[2]?.details).toMatchObject({ from: '203.0.113.9', userAgent: 'phone-browser', answer: plan });
  });

  it('records a breach when the 24 hours pass, reminds the owner with the supervisor copied, and ends a refused case with its reason', async () => {
    process.env.WINBACK_TIME_SCALE = String(86_400 / 3); // a day in three seconds
    const input = await openCase('C-LATE1');
    const before = (await mailbox()).filter((mail) => mail.destination.to.includes('cs1@chain.example')).length;
    const execution = workflow.run(input);
    const first = (await mailTo('cs1@chain.example', before + 1)).at(-1)!;
    const reminder = (await mailTo('cs1@chain.example', before + 2)).at(-1)!;
    expect(reminder.subject).toMatch(/^【催办 Reminder 1】/);
    expect(reminder.destination.cc ?? []).toEqual([]);
    expect(
      (await page('POST', linkIn(await copyTo('ops@chain.example', 'C-LATE1', 'Response plan')), plan)).statusCode,
    ).toBe(409);

    // The first link no longer decides anything; the reminder's does.
    const replaced = await page('POST', linkIn(first), plan);
    expect(replaced.statusCode).toBe(409);
    expect(replaced.body).toContain('replaced by a newer one (a reminder)');
    expect((await page('POST', linkIn(reminder), plan)).statusCode).toBe(200);
    const contactMail = (await mailTo('cs1@chain.example', before + 3)).at(-1)!;
    expect(
      (
        await page('POST', linkIn(contactMail), {
          result: 'refused',
          said: '不想再来了',
          cause: 'moved to another city',
        })
      ).statusCode,
    ).toBe(200);
    expect((await execution).closed).toEqual({ outcome: 'refused' });

    const store = new CaseStore(local.doc, local.names);
    expect(await store.alert('C-LATE1', input.alertId)).toMatchObject({
      status: 'refused',
      outcomeReason: 'moved to another city',
    });
    expect(
      (await new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 }).read('C-LATE1'))?.openAlert,
    ).toBeUndefined();
    const breaches = (await auditOf('C-LATE1')).filter((entry) => entry.details?.breach === true);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatchObject({ actor: 'cs-1', details: { deadline: 'response_plan', responsible: 'cs-1' } });
  }, 30_000);
});

describe('execute: a benefit above the pre-approved limit (Art. 15), on the synthesized case workflow', () => {
  /** A level-2 case (a serious complaint) whose owner has chosen `strategy`, contacted the customer, and waits for the deputy GM. */
  async function toApproval(customerId: string, strategy: string) {
    process.env.WINBACK_TIME_SCALE = '1';
    const input = await openCase(customerId, [
      event.visit(daysAgo(100), 128),
      event.complaint(daysAgo(5), 'serious', 'service'),
    ]);
    const mails = async (to: string) => (await mailbox()).filter((mail) => mail.destination.to.includes(to)).length;
    const [ops, dgm] = [await mails('ops1@chain.example'), await mails('dgm@chain.example')];
    const execution = workflow.run(input);
    const planMail = (await mailTo('ops1@chain.example', ops + 1)).at(-1)!;
    expect(
      (await page('POST', linkIn(planMail), { indicatorsConfirmed: 'yes', likelyCause: 'bad DM session', strategy }))
        .statusCode,
    ).toBe(200);
    const contactMail = (await mailTo('ops1@chain.example', ops + 2)).at(-1)!;
    // From here a day passes in a second: follow-ups every 3 days come 3 seconds apart.
    process.env.WINBACK_TIME_SCALE = '86400';
    expect(
      (await page('POST', linkIn(contactMail), { result: 'reached', said: '', cause: 'the DM was rude' })).statusCode,
    ).toBe(200);
    const approvalMail = (await mailTo('dgm@chain.example', dgm + 1)).at(-1)!;
    expect(approvalMail.subject).toContain('福利审批 Benefit approval');
    // The approver reads what is asked for and what it costs in the email itself.
    expect(approvalMail.body.text).toMatch(/申请福利：\S+ [^（]+（成本 ¥\d+），超出预批额度，需副总经理批准。/);
    await new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 }).write(customerId, 'S1', [
      event.visit(new Date().toISOString(), 198),
    ]);
    return { execution, approvalLink: linkIn(approvalMail) };
  }

  it('issues the benefit once the deputy GM approves it, recording who approved', async () => {
    const { execution, approvalLink } = await toApproval('C-APPR1', 'free_new_script_session');
    // The approver sees what is asked for and decides with one press, not the owner's contact form.
    const shown = await page('GET', approvalLink);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toMatch(/Benefit asked for: <strong>[^<]+<\/strong> \(¥168\)/);
    expect(shown.body).toContain('value="approve">批准 Approve</button>');
    expect(shown.body).toContain('value="reject">驳回 Reject</button>');
    expect(shown.body).not.toContain('name="result"');
    expect((await page('POST', approvalLink, { decision: 'approve', note: 'ok' })).statusCode).toBe(200);
    const output = await execution;
    expect(output.execute).toMatchObject({ action: 'issued' });
    const { Items: ledger } = await local.doc.send(new ScanCommand({ TableName: local.names.ledger }));
    expect(ledger?.filter((entry) => entry.customerId === 'C-APPR1')).toEqual([
      expect.objectContaining({ benefitId: 'free_new_script_session', costYuan: 168, approvedBy: ['deputy_gm'] }),
    ]);
    const audit = await auditOf('C-APPR1');
    expect(audit.find((entry) => entry.step === '07-approval-deputy_gm')).toMatchObject({ actor: 'dgm' });
    // Once approved and issued, the owner is told, with the code for the customer.
    const told = (await mailbox()).filter(
      (m) =>
        m.destination.to.includes('ops1@chain.example') &&
        m.subject.startsWith('福利已发放') &&
        m.subject.includes(maskedCustomer('C-APPR1')),
    );
    expect(told).toHaveLength(1);
    expect(told[0]!.body.text).toContain(
      '免费体验指定新剧本 free session of a new script（成本 ¥168），已经副总经理批准',
    );
    expect(told[0]!.body.text).toContain(`兑换码 Code: ${output.execute.code}`);
  }, 30_000);

  it('reminds an approver who does not decide, copying the general manager, and records the breach', async () => {
    const dgm = (await mailbox()).filter((mail) => mail.destination.to.includes('dgm@chain.example')).length;
    const { execution } = await toApproval('C-APPR3', 'free_new_script_session');
    const reminder = (await mailTo('dgm@chain.example', dgm + 2)).at(-1)!;
    expect(reminder.subject).toMatch(/^【催办 Reminder 1】.*福利审批 Benefit approval/);
    expect(reminder.destination.cc ?? []).toEqual([]);
    expect(
      (await page('GET', linkIn(await copyTo('gm@chain.example', 'C-APPR3', 'Benefit approval')))).body,
    ).not.toContain('value="approve"');
    expect((await page('POST', linkIn(reminder), { decision: 'approve', note: '' })).statusCode).toBe(200);
    expect((await execution).execute).toMatchObject({ action: 'issued' });
    const breaches = (await auditOf('C-APPR3')).filter((entry) => entry.details?.breach === true);
    expect(breaches).toEqual([
      expect.objectContaining({
        actor: 'dgm',
        details: expect.objectContaining({ deadline: 'approval', role: 'deputy_gm' }),
      }),
    ]);
  }, 30_000);

  it('sends a rejected benefit back to the owner, who revises the plan; nothing is issued', async () => {
    const ops = (await mailbox()).filter((mail) => mail.destination.to.includes('ops1@chain.example')).length;
    const { execution, approvalLink } = await toApproval('C-APPR2', 'two_for_one');
    expect((await page('POST', approvalLink, { decision: 'reject', note: 'too costly' })).statusCode).toBe(200);
    const revise = (await mailTo('ops1@chain.example', ops + 3)).at(-1)!;
    expect(revise.subject).toContain('响应计划 Response plan');
    expect(
      (
        await page('POST', linkIn(revise), {
          indicatorsConfirmed: 'yes',
          likelyCause: 'bad DM session',
          strategy: 'none',
        })
      ).statusCode,
    ).toBe(200);
    const output = await execution;
    expect(output.execute).toEqual({ action: 'none' });
    const audit = await auditOf('C-APPR2');
    expect(audit.find((entry) => entry.step === '06-rejected')).toMatchObject({ actor: 'dgm' });
    expect(audit.find((entry) => entry.step === '03-response_plan-r1')).toMatchObject({ actor: 'ops-1' });
    const { Items: ledger } = await local.doc.send(new ScanCommand({ TableName: local.names.ledger }));
    expect(ledger?.filter((entry) => entry.customerId === 'C-APPR2')).toEqual([]);
    expect(output.closed).toEqual({ outcome: 'recovered' });
  }, 30_000);
});

describe('a level raised mid-case (Art. 12)', () => {
  it('carries on at the new level: the next step goes to the new owner, who reads the new level', async () => {
    process.env.WINBACK_TIME_SCALE = '1';
    const input = await openCase('C-WORSE1');
    const execution = workflow.run(input);
    const planMail = await mailAbout('cs1@chain.example', 'C-WORSE1', 'Response plan');
    // Meanwhile a scan finds the customer worse and escalates the open alert to level 2.
    const open = { alertId: 'daily-1', level: 1 as const, raisedLevel: 1 as const, identifiedAt: input.identifiedAt };
    const escalated = await new AlertWriter(local.doc, local.names).escalate(open, {
      customerId: 'C-WORSE1',
      alertId: 'daily-2',
      level: 2,
      indicators: [
        { id: 'serious_complaint', core: true, evidence: 'serious complaint 2026-11-22 (service) in the last 30 days' },
      ],
      policyVersion: 'script-kill/2026.1',
      identifiedAt: '2026-11-23T02:00:00+08:00',
      ownerRole: 'operations',
      ownerDepartment: '运营部 operations, with customer service and the store manager',
      followUpEveryDays: 3,
      levelHistory: [
        { level: 2, at: '2026-11-23T02:00:00+08:00', runId: 'daily-2', indicators: ['serious_complaint'] },
      ],
    } as never);
    expect(escalated).toBe('escalated');
    // The scan hands the waiting step to the level-2 owner at once.
    const { SFNClient } = await import('@aws-sdk/client-sfn');
    const { StepHandOver } = await import('#shared/adapters/stepfunctions/step-hand-over.ts');
    const { presetPolicy } = await import('#shared/policy/presets/preset-catalog.ts');
    expect(
      await new StepHandOver(
        new CaseStore(local.doc, local.names),
        new SFNClient({}),
        presetPolicy('script-kill'),
      ).afterEscalation('C-WORSE1', 'daily-1'),
    ).toBe('handed-over');
    // Found by customer and step: other cases' follow-ups reach the same people meanwhile.
    const handedMail = await mailAbout('ops1@chain.example', 'C-WORSE1', 'Response plan');
    expect(handedMail.subject).toMatch(/^2级流失预警 Level 2 churn alert · 响应计划 Response plan/);
    // The level-1 owner's link now only shows the case; the new owner's offers the level-2 catalogue.
    const old = await page('POST', linkIn(planMail), { ...plan, strategy: 'none' });
    expect(old.statusCode).toBe(409);
    expect(old.body).toContain('now with someone else');
    expect((await page('POST', linkIn(handedMail), plan)).statusCode).toBe(400);
    const answered = await page('POST', linkIn(handedMail), { ...plan, strategy: 'none' });
    expect(answered.statusCode, answered.body).toBe(200);

    const contactMail = await mailAbout('ops1@chain.example', 'C-WORSE1', 'First contact');
    expect(contactMail.subject).toMatch(/^2级流失预警 Level 2 churn alert · 首次联系 First contact/);
    // The level-1 owner was asked nothing more about this customer.
    expect(
      (await mailbox()).filter(
        (mail) =>
          mail.destination.to.includes('cs1@chain.example') && mail.subject.includes(maskedCustomer('C-WORSE1')),
      ).length,
    ).toBe(1);
    expect(
      (await page('POST', linkIn(contactMail), { result: 'refused', said: '', cause: 'unhappy with the service' }))
        .statusCode,
    ).toBe(200);
    expect((await execution).closed).toEqual({ outcome: 'refused' });
    const audit = await auditOf('C-WORSE1');
    expect(audit.find((entry) => entry.step === '02-notify-0-to-ops-1')?.what).toBe(
      'response plan handed over from cs-1 to ops-1 at level 2',
    );
    expect(audit.find((entry) => entry.step === '03-response_plan')?.actor).toBe('ops-1');
    expect(audit.find((entry) => entry.step === '05-contact')?.actor).toBe('ops-1');
  }, 30_000);
});

describe('the end of the tracking window (Art. 17)', () => {
  it('closes the case as lost when the window ends without a return, with the reason the owner records', async () => {
    // Policy time itself runs ten days a second from here, so the 90-day window ends in seconds.
    Object.assign(process.env, { WINBACK_CLOCK_EPOCH: String(Date.now()), WINBACK_TIME_SCALE: String(10 * 86_400) });
    try {
      const input = await openCase('C-GONE1');
      const before = (await mailbox()).filter((mail) => mail.destination.to.includes('cs1@chain.example')).length;
      const execution = workflow.run(input);
      const planMail = (await mailTo('cs1@chain.example', before + 1)).at(-1)!;
      expect((await page('POST', linkIn(planMail), plan)).statusCode).toBe(200);
      const contactMail = (await mailTo('cs1@chain.example', before + 2)).at(-1)!;
      expect(
        (await page('POST', linkIn(contactMail), { result: 'unreachable', said: '', cause: 'no answer' })).statusCode,
      ).toBe(200);
      // The window ends: the owner is asked why the customer was lost. (Policy time runs fast, so a
      // reminder may overtake the first request: answer the newest one.)
      const lossMails = async () =>
        (await mailbox()).filter(
          (mail) => mail.destination.to.includes('cs1@chain.example') && mail.subject.includes('流失原因'),
        );
      for (let i = 0; i < 200 && (await lossMails()).length === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      let answered = 0;
      for (let attempt = 0; attempt < 5 && answered !== 200; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 300));
        answered =
          (
            await page('POST', linkIn((await lossMails()).at(-1)!), {
              category: 'moved',
              note: '搬到深圳 moved to Shenzhen',
            })
          ).statusCode ?? 0;
      }
      const output = await execution;
      expect(output.closed).toEqual({ outcome: 'lost' });
      const alert = await new CaseStore(local.doc, local.names).alert('C-GONE1', input.alertId);
      expect(alert).toMatchObject({ status: 'lost', outcomeReason: 'moved' });
      const rounds = (await auditOf('C-GONE1')).filter((entry) => String(entry.step).startsWith('07-follow-up'));
      expect(rounds.length).toBeGreaterThanOrEqual(2);
      expect(rounds.at(-1)?.what).toMatch(/: lost, /);
      const followUps = (await mailbox()).filter(
        (mail) => mail.destination.to.includes('cs1@chain.example') && mail.subject.startsWith('跟进 Follow-up'),
      );
      expect(followUps.length).toBeGreaterThanOrEqual(rounds.length - 1);
    } finally {
      delete process.env.WINBACK_CLOCK_EPOCH;
      process.env.WINBACK_TIME_SCALE = '1';
    }
  }, 60_000);
});

describe('a step that cannot succeed, on the synthesized case workflow (fault: nobody holds the owner role)', () => {
  it('ends the case as failed with the error, records it on the case and in the audit trail, frees the customer and emails the head of operations', async () => {
    // Store S7 has no customer-service agent: the notify step fails with a staffing gap every time.
    const input = await openCaseIn(local, 'C-GAP1', { storeId: 'S7' });
    const before = (await mailbox()).filter((mail) => mail.destination.to.includes('ops@chain.example')).length;
    await expect(workflow.run(input)).rejects.toMatchObject({ name: 'StaffingGapError' });

    expect(await new CaseStore(local.doc, local.names).alert('C-GAP1', 'daily-1')).toMatchObject({
      status: 'failed',
      failure: {
        error: 'StaffingGapError',
        cause: expect.stringContaining('nobody active holds the role customer_service for store S7'),
      },
    });
    expect((await auditOf('C-GAP1')).map((entry) => entry.what)).toContain('failed: StaffingGapError');
    expect(
      (await new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 }).read('C-GAP1'))?.openAlert,
    ).toBeUndefined();
    const [notice] = (await mailTo('ops@chain.example', before + 1)).slice(before);
    expect(notice?.subject).toBe(
      `[Winback] 个案失败 Case failed: ${customerReference('C-GAP1', process.env.LINK_SECRET!)} (S7, L1) — StaffingGapError`,
    );
    expect(notice?.body.text).toContain('没有在职人员担任所需角色（人员缺口）');
    expect(notice?.body.text).not.toContain('C-GAP1');
  });
});

describe('faults a real cloud produces, injected at the SDK clients, on the synthesized case workflow', () => {
  it('loses and doubles nothing when the notify step fails before its email and the execute step dies between the ledger and the audit trail', async () => {
    const { SESClient } = await import('@aws-sdk/client-ses');
    const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
    const { vi } = await import('vitest');
    const faults: string[] = [];
    const sesSend = SESClient.prototype.send;
    const sendSpy = vi.spyOn(SESClient.prototype, 'send').mockImplementation(function (
      this: typeof SESClient.prototype,
      ...args: Parameters<typeof SESClient.prototype.send>
    ) {
      const { input } = args[0];
      const email = 'Message' in input ? input : undefined;
      const subject = String(email?.Message?.Subject?.Data ?? '');
      if (
        !faults.includes('ses') &&
        subject.includes('Response plan') &&
        subject.includes('(S1)') &&
        email?.Destination?.ToAddresses?.includes('cs1@chain.example') &&
        subject.includes(maskedCustomer('C-FAULTS'))
      ) {
        faults.push('ses');
        return Promise.reject(
          Object.assign(new Error('Email address is not verified'), {
            name: 'MessageRejected',
            $metadata: { httpStatusCode: 400 },
          }),
        );
      }
      return sesSend.apply(this, args);
    });
    const docSend = DynamoDBDocumentClient.prototype.send;
    const dbSpy = vi.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(function (
      this: typeof DynamoDBDocumentClient.prototype,
      ...args: Parameters<typeof DynamoDBDocumentClient.prototype.send>
    ) {
      const { input } = args[0];
      const item = 'Item' in input ? input.Item : undefined;
      if (
        !faults.includes('dies') &&
        item?.caseKey === 'C-FAULTS#daily-1' &&
        String(item?.entryKey).startsWith('06-issued')
      ) {
        faults.push('dies');
        return Promise.reject(
          Object.assign(new Error('Runtime exited with error: signal: killed'), { name: 'Runtime.ExitError' }),
        );
      }
      return docSend.apply(this, args);
    });
    try {
      process.env.WINBACK_TIME_SCALE = '1';
      const input = await openCase('C-FAULTS');
      const before = (await mailbox()).filter((mail) => mail.destination.to.includes('cs1@chain.example')).length;
      const execution = workflow.run(input);
      // The first attempt's email failed; Step Functions retried the step (a new task token), whose email carries a working link.
      const mail = (await mailTo('cs1@chain.example', before + 1)).at(-1)!;
      expect(faults).toEqual(['ses']);
      expect((await page('POST', linkIn(mail), plan)).statusCode).toBe(200);
      const contactMail = (await mailTo('cs1@chain.example', before + 2)).at(-1)!;
      process.env.WINBACK_TIME_SCALE = String(7 * 86_400);
      await new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 }).write('C-FAULTS', 'S1', [
        event.visit(new Date().toISOString(), 168),
      ]);
      expect(
        (await page('POST', linkIn(contactMail), { result: 'reached', said: '好的', cause: 'busy' })).statusCode,
      ).toBe(200);
      const output = await execution;
      expect(faults).toEqual(['ses', 'dies']);
      expect(output.closed).toEqual({ outcome: 'recovered' });
      // One benefit, one record of it, one email per step: nothing lost, nothing twice.
      const { Items: ledger } = await local.doc.send(new ScanCommand({ TableName: local.names.ledger }));
      expect(ledger?.filter((entry) => entry.customerId === 'C-FAULTS')).toHaveLength(1);
      const audit = await auditOf('C-FAULTS');
      expect(audit.filter((entry) => String(entry.step).startsWith('06-issued'))).toHaveLength(1);
      expect(audit.map((entry) => entry.step)).toEqual([
        '01-verify',
        '02-notify-0',
        '03-response_plan',
        '04-notify-0',
        '05-contact',
        '06-issued-coupon_30_off_100',
        '07-follow-up-000',
        '99-close',
      ]);
      // The plan, the contact, and the issued benefit's code: each once, though the issuing step died and ran again.
      expect((await mailbox()).filter((m) => m.destination.to.includes('cs1@chain.example')).length).toBe(before + 3);
    } finally {
      sendSpy.mockRestore();
      dbSpy.mockRestore();
    }
  });
});

describe('contact details on the step page (SPEC section 8)', () => {
  it('shows the owner how to reach the customer masked, in full only when asked, and records each full view', async () => {
    process.env.WINBACK_TIME_SCALE = '1';
    const { CustomerProfileWriter } = await import('#shared/adapters/dynamodb/customer-profile-writer.ts');
    const input = await openCase('C-CALL1');
    await new CustomerProfileWriter(local.doc, local.names).upsert({
      customerId: 'C-CALL1',
      storeId: 'S1',
      segment: 'regular',
      core: false,
      contact: { name: '陈小明', phone: '13812345678', wechat: 'xiaoming_88' },
    });
    const before = (await mailbox()).filter((mail) => mail.destination.to.includes('cs1@chain.example')).length;
    // The case goes on after this test; the workflow's stop at the end of the file ends it.
    void workflow.start(input).result.catch(() => undefined);
    const link = linkIn((await mailTo('cs1@chain.example', before + 1)).at(-1)!);
    const shown = await page('GET', link);
    expect(shown.body).toContain('138****5678');
    expect(shown.body).not.toContain('13812345678');
    expect(shown.body).not.toContain('xiaoming_88');

    const revealed = await page('POST', link, { reveal: 'contact' });
    expect(revealed.statusCode).toBe(200);
    expect(revealed.body).toContain('13812345678');
    expect(revealed.body).toContain('xiaoming_88');
    expect(revealed.body).toContain('This view of the full contact details was recorded.');
    const views = (await auditOf('C-CALL1')).filter((entry) => entry.what === 'full contact details viewed');
    expect(views).toEqual([
      expect.objectContaining({
        actor: 'cs-1',
        details: expect.objectContaining({
          step: 'response_plan',
          fields: ['name', 'phone', 'wechat'],
          from: '203.0.113.9',
        }),
      }),
    ]);
    // Looking is not deciding: the step still waits for its answer.
    expect((await page('POST', link, plan)).statusCode).toBe(200);
  });
});

describe('an answer is never lost on its way to the case (issue 14)', () => {
  it('tells the person a refused hand-off was not recorded, and takes the same answer when they submit again', async () => {
    process.env.WINBACK_TIME_SCALE = '1';
    const { SFNClient } = await import('@aws-sdk/client-sfn');
    const { vi } = await import('vitest');
    const input = await openCase('C-HANDOFF1');
    const execution = workflow.run(input);
    execution.catch(() => undefined);
    const link = linkIn(await mailAbout('cs1@chain.example', input.customerId, 'Response plan'));
    const sfnSend = SFNClient.prototype.send;
    const spy = vi.spyOn(SFNClient.prototype, 'send').mockImplementation(function (
      this: typeof SFNClient.prototype,
      ...args: Parameters<typeof SFNClient.prototype.send>
    ) {
      if (args[0].constructor.name === 'SendTaskSuccessCommand')
        return Promise.reject(
          Object.assign(new Error('not authorized'), {
            name: 'AccessDeniedException',
            $metadata: { httpStatusCode: 400 },
          }),
        );
      return sfnSend.apply(this, args);
    });
    try {
      const refused = await page('POST', link, plan);
      expect(refused.statusCode).toBe(503);
      expect(refused.body).toContain('Your answer was not recorded; please submit it again');
    } finally {
      spy.mockRestore();
    }
    expect((await auditOf('C-HANDOFF1')).some((entry) => entry.step === '03-response_plan')).toBe(false);
    expect((await page('POST', link, plan)).statusCode).toBe(200);
    await mailAbout('cs1@chain.example', input.customerId, 'First contact');
    expect((await auditOf('C-HANDOFF1')).filter((entry) => entry.step === '03-response_plan')).toEqual([
      expect.objectContaining({ actor: 'cs-1' }),
    ]);
  });

  it('records an answer the case took even when the page died before writing it: the next step finds it and records it as given', async () => {
    process.env.WINBACK_TIME_SCALE = '1';
    const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
    const { vi } = await import('vitest');
    const input = await openCase('C-HANDOFF2');
    const execution = workflow.run(input);
    execution.catch(() => undefined);
    const link = linkIn(await mailAbout('cs1@chain.example', input.customerId, 'Response plan'));
    const docSend = DynamoDBDocumentClient.prototype.send;
    let died = false;
    const spy = vi.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(function (
      this: typeof DynamoDBDocumentClient.prototype,
      ...args: Parameters<typeof DynamoDBDocumentClient.prototype.send>
    ) {
      const { input } = args[0];
      const item = 'Item' in input ? input.Item : undefined;
      // The page's own write of the answer: the Lambda is killed right there, after the hand-off.
      if (
        !died &&
        item?.caseKey === 'C-HANDOFF2#daily-1' &&
        item?.entryKey === '03-response_plan' &&
        item?.details?.request
      ) {
        died = true;
        return Promise.reject(
          Object.assign(new Error('Runtime exited with error: signal: killed'), { name: 'Runtime.ExitError' }),
        );
      }
      return docSend.apply(this, args);
    });
    try {
      await page('POST', link, plan).catch(() => undefined);
      expect(died).toBe(true);
      await mailAbout('cs1@chain.example', input.customerId, 'First contact');
    } finally {
      spy.mockRestore();
    }
    const recorded = (await auditOf('C-HANDOFF2')).filter((entry) => entry.step === '03-response_plan');
    expect(recorded).toEqual([
      expect.objectContaining({
        actor: 'cs-1',
        details: expect.objectContaining({ answer: plan, from: '203.0.113.9', userAgent: 'phone-browser' }),
      }),
    ]);
  });
});

describe('an owner who finds the indicators not real (Art. 24)', () => {
  it("closes the case as a false alarm: recorded with the owner's reason, counted for warning accuracy, nothing issued, the customer left in peace a while", async () => {
    process.env.WINBACK_TIME_SCALE = '1';
    const input = await openCase('C-FAKE7');
    const execution = workflow.run(input);
    execution.catch(() => undefined);
    const link = linkIn(await mailAbout('cs1@chain.example', input.customerId, 'Response plan'));
    const answered = await page('POST', link, {
      indicatorsConfirmed: 'no',
      likelyCause: '数据错误：顾客上周来过 data error, came last week',
      strategy: 'coupon_30_off_100',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const output = await execution;
    expect(output.closed).toEqual({ outcome: 'false_alarm' });
    expect(output.execute).toBeUndefined();
    expect(await new CaseStore(local.doc, local.names).alert('C-FAKE7', input.alertId)).toMatchObject({
      status: 'false_alarm',
      indicatorsConfirmed: 'no',
      outcomeReason: '数据错误：顾客上周来过 data error, came last week',
    });
    const customer = await new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 }).read('C-FAKE7');
    expect(customer?.openAlert).toBeUndefined();
    expect(customer?.quiet).toMatchObject({ outcome: 'false_alarm', level: 1 });
    const { Items: ledger } = await local.doc.send(new ScanCommand({ TableName: local.names.ledger }));
    expect(ledger?.filter((entry) => entry.customerId === 'C-FAKE7')).toEqual([]);
    expect((await auditOf('C-FAKE7')).map((entry) => [entry.step, entry.actor])).toEqual([
      ['01-verify', 'system'],
      ['02-notify-0', 'system'],
      ['03-response_plan', 'cs-1'],
      ['99-close', 'cs-1'],
    ]);
  });
});
