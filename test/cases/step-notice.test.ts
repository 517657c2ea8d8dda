import { describe, expect, it } from 'vitest';
import type { AwaitingRecord } from '#shared/cases/case-record.ts';
import { answerLeftBehind } from '#shared/cases/step-answer.ts';
import { awaitingAfterNotice, noticeAuditEntry, noticeLinkRequest, stepNotice } from '#shared/cases/step-notice.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { StaffDirectory, staffDirectorySchema } from '#shared/staff/staff-directory.ts';
import { staff, stepState, storedCase } from '../helpers/case-fixtures.ts';

const policy = presetPolicy('script-kill');
const ids = (people: ReadonlyArray<{ id: string }>) => people.map((person) => person.id);

const asked = (overrides: Partial<AwaitingRecord> = {}): AwaitingRecord => ({
  step: 'response_plan',
  taskToken: 'token-0',
  linkId: 'link-cs-1-round-0',
  personId: 'cs-1',
  round: 0,
  revision: 0,
  dueBy: '2026-11-24T09:00:00+08:00',
  firstAskedAt: '2026-11-23T09:00:00+08:00',
  role: 'customer_service',
  ...overrides,
});

describe('who a waiting step is asked of, and who hears of it', () => {
  it("asks the level's owner for a new alert's plan and tells the store's manager too", () => {
    const notice = stepNotice(policy, stepState(), storedCase(), staff);
    expect(notice.owner.id).toBe('cs-1');
    expect(ids(notice.copied)).toEqual(['sm-1']);
  });

  it('copies one person further up the line with each reminder, and the store manager no more', () => {
    const copiedOn = (reminder: number) => ids(stepNotice(policy, stepState({ reminder }), storedCase(), staff).copied);
    expect(copiedOn(1)).toEqual(['ops-1']);
    expect(copiedOn(2)).toEqual(['ops-head']);
    expect(copiedOn(3)).toEqual(['dgm']);
  });

  it('does not copy the store manager on a step they own, standing in for an owner whose mail bounces', () => {
    const bounced = new StaffDirectory(
      staffDirectorySchema.parse({
        people: staff
          .people()
          .map((person) =>
            person.id === 'cs-1'
              ? { ...person, undeliverable: { at: '2026-11-20T09:00:00+08:00', reason: 'bounce' } }
              : person,
          ),
      }),
    );
    const notice = stepNotice(policy, stepState(), storedCase(), bounced);
    expect(notice.owner.id).toBe('sm-1');
    expect(notice.copied).toEqual([]);
  });

  it("copies nobody on a first notice when the store has no manager on file, and never the owner's own step", () => {
    const noManager = new StaffDirectory(
      staffDirectorySchema.parse({
        people: staff
          .people()
          .filter((person) => person.role !== 'store_manager')
          .map(({ deputy: _none, ...person }) => person),
      }),
    );
    expect(stepNotice(policy, stepState(), storedCase(), noManager).copied).toEqual([]);
    expect(stepNotice(policy, stepState({ step: 'contact' }), storedCase(), staff).copied).toEqual([]);
  });

  it('asks an approval of the approver the workflow named, the deputy GM when it named none, with the benefit', () => {
    const benefit = { id: 'two_for_one', name: 'two for one', costYuan: 128 };
    const deputy = stepNotice(policy, stepState({ step: 'approval', benefit }), storedCase(), staff);
    expect(deputy).toMatchObject({ owner: { id: 'dgm' }, approverRole: 'deputy_gm', benefit });
    const gm = stepNotice(policy, stepState({ step: 'approval', approverRole: 'gm', benefit }), storedCase(), staff);
    expect(gm.owner.id).toBe('gm');
  });

  it("asks the new level's owner once a scan raised the case, and says the step was handed over", () => {
    const notice = stepNotice(policy, stepState(), storedCase({ level: 2, awaiting: asked() }), staff);
    expect(notice).toMatchObject({ level: 2, owner: { id: 'ops-1' }, handedOver: true });
    expect(noticeAuditEntry(stepState(), notice, '2026-11-23T12:00:00+08:00')).toMatchObject({
      step: '02-notify-0-to-ops-1',
      what: 'response plan handed over from cs-1 to ops-1 at level 2',
    });
  });

  it('is no hand-over when the same owner is reminded', () => {
    const notice = stepNotice(policy, stepState({ reminder: 1 }), storedCase({ awaiting: asked() }), staff);
    expect(notice.handedOver).toBe(false);
  });
});

describe('what the case waits on after a notice', () => {
  const attempt = {
    taskToken: 'token-1',
    linkId: 'link-cs-1-round-1',
    dueBy: '2026-11-25T09:00:00+08:00',
    at: '2026-11-24T09:05:00+08:00',
    attemptStartedAt: 1,
  };

  it("keeps the first notice's time through reminders, so a step's time is measured from when it was first asked", () => {
    const state = stepState({ reminder: 1 });
    const notice = stepNotice(policy, state, storedCase({ awaiting: asked() }), staff);
    expect(awaitingAfterNotice(state, notice, attempt)).toMatchObject({
      step: 'response_plan',
      personId: 'cs-1',
      round: 1,
      taskToken: 'token-1',
      firstAskedAt: '2026-11-23T09:00:00+08:00',
    });
  });

  it("keeps it through a retry of the same notice, and starts afresh for the next step's first notice", () => {
    const retry = stepNotice(policy, stepState(), storedCase({ awaiting: asked() }), staff);
    expect(awaitingAfterNotice(stepState(), retry, { ...attempt, linkId: 'link-cs-1-round-0' }).firstAskedAt).toBe(
      '2026-11-23T09:00:00+08:00',
    );
    const contact = stepState({ step: 'contact' });
    const next = stepNotice(policy, contact, storedCase({ awaiting: asked() }), staff);
    expect(awaitingAfterNotice(contact, next, attempt).firstAskedAt).toBe(attempt.at);
  });

  it("an approval waits on the approver's role and keeps the benefit asked for", () => {
    const benefit = { id: 'two_for_one', name: 'two for one', costYuan: 128 };
    const state = stepState({ step: 'approval', benefit });
    const awaiting = awaitingAfterNotice(state, stepNotice(policy, state, storedCase(), staff), attempt);
    expect(awaiting).toMatchObject({ personId: 'dgm', role: 'deputy_gm', benefit });
  });

  it("links each person to the same request, the approver's role with it, deciding only for the owner", () => {
    const state = stepState({ step: 'approval', reminder: 2 });
    const notice = stepNotice(policy, state, storedCase({ revision: 1 }), staff);
    expect(noticeLinkRequest(state, notice, notice.owner, 'decide')).toEqual({
      customerId: 'C0000037',
      alertId: 'daily-1',
      step: 'approval',
      round: 2,
      revision: 1,
      personId: 'dgm',
      purpose: 'decide',
      approverRole: 'deputy_gm',
    });
  });
});

describe("a notice's audit entry", () => {
  const at = '2026-11-24T09:05:00+08:00';

  it('names who was asked and who was informed on a first notice', () => {
    const notice = stepNotice(policy, stepState(), storedCase(), staff);
    expect(noticeAuditEntry(stepState(), notice, at)).toEqual({
      step: '02-notify-0',
      at,
      actor: 'system',
      what: 'response plan requested from cs-1, sm-1 informed',
    });
  });

  it('names the round of a reminder, and the digest it waits for', () => {
    const state = stepState({ step: 'contact', reminder: 2 });
    const notice = stepNotice(policy, state, storedCase(), staff);
    expect(noticeAuditEntry(state, notice, at, '2026-11-25T08:30:00+08:00').what).toBe(
      'reminder 2 for the first contact to cs-1, ops-head informed, in the digest of 2026-11-25T08:30:00+08:00',
    );
    expect(noticeAuditEntry(state, notice, at).step).toBe('04-notify-2');
  });
});

describe('an answer left behind by a page request that died after handing it over', () => {
  const claimed = asked({
    pending: {
      requestId: 'req-1',
      linkId: 'link-cs-1-round-0',
      claimedAt: 1,
      answer: { indicatorsConfirmed: 'yes', likelyCause: 'busy', strategy: 'none' },
      at: '2026-11-23T10:00:00+08:00',
      from: '203.0.113.9',
      userAgent: 'phone',
    },
  });

  it('is recorded as it was given once the case moved on to the next step', () => {
    expect(answerLeftBehind(claimed, { step: 'contact', revision: 0 })).toMatchObject({
      entry: { step: '03-response_plan', actor: 'cs-1', at: '2026-11-23T10:00:00+08:00' },
      linkId: 'link-cs-1-round-0',
    });
  });

  it('is recorded once a revised plan is asked for', () => {
    expect(answerLeftBehind(claimed, { step: 'response_plan', revision: 1 })?.entry.step).toBe('03-response_plan');
  });

  it('is not recorded when the same step is asked again: the workflow never took it', () => {
    expect(answerLeftBehind(claimed, { step: 'response_plan', revision: 0 })).toBeUndefined();
  });

  it('leaves nothing to record when no answer was claimed', () => {
    expect(answerLeftBehind(asked(), { step: 'contact', revision: 0 })).toBeUndefined();
    expect(answerLeftBehind(undefined, { step: 'contact', revision: 0 })).toBeUndefined();
  });
});
