import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { deadlineInWords } from '#shared/time/staff-time.ts';
import type { LocalSes } from '../../infra/local/local-ses.ts';
import { lineOf } from '../helpers/case-fixtures.ts';
import { casePage, type PageCall } from '../helpers/case-page-request.ts';
import { type CaseWorld, LINK_BASE_URL, startCaseWorld } from '../helpers/case-world.ts';
import { type Mail, mailbox } from '../helpers/local-mailbox.ts';
import type { LocalTables } from '../helpers/local-tables.ts';
import { openLevelOneCase } from '../helpers/open-case.ts';

/**
 * A reminder with days to go is not emailed on its own when the morning digest runs
 * (REMINDERS_IN_DIGEST, as the stack sets it): the person reads it in their next digest, with the
 * reminder's own link, the one that answers the step. The notify step and the digest run as their
 * Lambdas do, on DynamoDB Local and the local SES, on a policy clock set to each moment.
 */
const policy = presetPolicy('script-kill');
const CUSTOMER = 'CFOLD0001';
// Asked on Friday; the deadline is missed and the reminder comes on Tuesday evening, due again
// Friday evening (three days on): Wednesday's 08:30 digest tells it, in the first half of its time.
const ASKED = '2026-11-20T10:00:00+08:00';
const FIRST_DUE = '2026-11-24T18:00:00+08:00';
const REMINDED = '2026-11-24T18:00:00+08:00';
const DUE_AGAIN = '2026-11-27T18:00:00+08:00';
const DIGEST = '2026-11-25T08:30:00+08:00';

let world: CaseWorld;
let local: LocalTables;
let ses: LocalSes;
let notify: (event: unknown) => Promise<unknown>;
let digest: (asOf: string) => Promise<{ day: string; sent: number; already: number }>;
let openPage: PageCall;
let caseInput: Awaited<ReturnType<typeof openLevelOneCase>>;

/** Policy time stands at `instant` (the clock every handler reads: shared/time/time-scale.ts). */
const policyTimeAt = (instant: string) =>
  Object.assign(process.env, {
    WINBACK_CLOCK_EPOCH: String(Date.now()),
    WINBACK_CLOCK_START: String(Date.parse(instant)),
  });

/** The first contact step of the case as the workflow hands it to notify: asked, or reminded. */
const contactStep = (reminder: number, dueBy: string) => ({
  state: {
    ...caseInput,
    verification: {
      outcome: 'confirmed',
      level: 1,
      ownerRole: 'customer_service',
      deadlines: {
        responsePlanBy: '2026-11-21T10:00:00+08:00',
        firstContactBy: FIRST_DUE,
        trackUntil: '2027-02-18T10:00:00+08:00',
        alertDeliveryBy: '2026-11-23T10:00:00+08:00',
      },
      responsePlanSeconds: 86_400,
    },
    step: 'contact',
    reminder,
  },
  wait: { dueBy },
  taskToken: `token-${reminder}`,
});

const mailTo = async (address: string): Promise<Mail[]> =>
  (await mailbox(ses.url)).filter((mail) => mail.destination.to.includes(address));
const linkIdIn = (text: string): string | undefined => new RegExp(`${LINK_BASE_URL}/c/([\\w-]+)`).exec(text)?.[1];

beforeAll(async () => {
  world = await startCaseWorld({
    // Each is mailed at their id: the digest's addresses the test looks for.
    staff: lineOf(['ops-head', 'cs-1']).map((person) => ({ ...person, email: `${person.id}@chain.example` })),
    env: { WINBACK_POLICY: 'script-kill', REMINDERS_IN_DIGEST: 'true' },
  });
  ({ local, ses } = world);
  policyTimeAt(ASKED);
  caseInput = await openLevelOneCase(local, CUSTOMER, { identifiedAt: '2026-11-20T02:00:00+08:00' });
  const context = (name: string) => ({ functionName: name, awsRequestId: name }) as Context;
  const notifyModule = await import('../../functions/case-notify/handler.ts');
  notify = (event) => notifyModule.handler(event as never, context('case-notify')) as Promise<unknown>;
  const digestModule = await import('../../functions/staff-digest/handler.ts');
  digest = (asOf) => digestModule.handler({ asOf }, context('staff-digest')) as never;
  openPage = await casePage();
});

afterAll(async () => {
  await world?.stop();
  for (const name of ['WINBACK_CLOCK_EPOCH', 'WINBACK_CLOCK_START']) delete process.env[name];
});

describe('a reminder folded into the morning digest', () => {
  it('is not emailed on its own, and reaches the owner in the next morning’s digest with the link that answers the step, and the supervisor it copies with a link that only views', async () => {
    // The new step is emailed at once, as every new step is.
    await notify(contactStep(0, FIRST_DUE));
    const [asked, ...more] = await mailTo('cs-1@chain.example');
    expect(more).toEqual([]);
    expect(asked?.subject).toContain('首次联系 First contact');
    const firstLink = linkIdIn(asked?.body.text ?? '');
    expect(firstLink).toBeDefined();

    // The deadline passes; the reminder has three days to go: no email, to the owner or up the line.
    policyTimeAt(REMINDED);
    const before = (await mailbox(ses.url)).length;
    await notify(contactStep(1, DUE_AGAIN));
    expect((await mailbox(ses.url)).length).toBe(before);

    // The next morning the owner's digest has it: reminded once, due again Friday, with the reminder's link.
    policyTimeAt(DIGEST);
    expect(await digest(DIGEST)).toMatchObject({ day: '2026-11-25', sent: 2 });
    const [daily] = (await mailTo('cs-1@chain.example')).filter((mail) => mail.subject.includes('每日待办'));
    expect(daily?.subject).toContain('王芳：1 项待办');
    const text = daily?.body.text ?? '';
    expect(text).toContain('首次联系');
    expect(text).toContain(maskedCustomer(CUSTOMER));
    expect(text).toContain(`截止 ${deadlineInWords(DUE_AGAIN, policy.timeZone).zh}，已催办 1 次`);
    expect(text).toContain('reminded 1x');
    expect(text).not.toContain(CUSTOMER);
    const digestLink = linkIdIn(text);
    expect(digestLink).toBeDefined();
    expect(digestLink).not.toBe(firstLink);
    // The supervisor the reminder copied reads it in their digest too, with a link that only shows the case.
    const [above, ...again] = await mailTo('ops-head@chain.example');
    expect(again).toEqual([]);
    expect(above?.subject).toContain('每日待办');
    const team = above?.body.text.slice(above.body.text.indexOf('团队逾期（只读）')) ?? '';
    expect(team).toContain('王芳的首次联系');
    const viewLink = linkIdIn(team);
    expect(viewLink).toBeDefined();
    expect(viewLink).not.toBe(digestLink);

    // The digest's link answers the step; the first email's link, replaced by the reminder, only shows it.
    const page = await openPage('GET', `${LINK_BASE_URL}/c/${digestLink}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="result"');
    const view = await openPage('GET', `${LINK_BASE_URL}/c/${viewLink}`);
    expect(view.statusCode).toBe(200);
    expect(view.body).not.toContain('name="result"');
    const old = await openPage('GET', `${LINK_BASE_URL}/c/${firstLink}`);
    expect(old.body).toContain('replaced by a newer one');
    expect(old.body).not.toContain('name="result"');
  });
});
