import { describe, expect, it } from 'vitest';
import {
  answerKey,
  breachKey,
  CLOSE_KEY,
  failedKey,
  followUpKey,
  issuedKey,
  notifyKey,
  pageEventKey,
  rejectedKey,
  VERIFY_KEY,
} from '#shared/cases/audit-keys.ts';

describe("a case's audit trail", () => {
  it('sorts by the steps of a case in the order they ran, from verify to close', () => {
    const plan = { step: 'response_plan' as const };
    const contact = { step: 'contact' as const };
    const ran = [
      VERIFY_KEY,
      notifyKey(plan, 0, 0),
      answerKey({ ...plan, revision: 0 }),
      notifyKey(contact, 0, 0),
      answerKey({ ...contact, revision: 0 }),
      issuedKey('coupon_30_off_100'),
      followUpKey(0),
      followUpKey(1),
      followUpKey(10),
      CLOSE_KEY,
    ];
    expect([...ran].sort()).toEqual(ran);
    expect(ran).toEqual([
      '01-verify',
      '02-notify-0',
      '03-response_plan',
      '04-notify-0',
      '05-contact',
      '06-issued-coupon_30_off_100',
      '07-follow-up-000',
      '07-follow-up-001',
      '07-follow-up-010',
      '99-close',
    ]);
  });

  it("files a step's reminders and breaches under the step, one per round", () => {
    const plan = { step: 'response_plan' as const };
    expect([notifyKey(plan, 1, 0), breachKey(plan, 0, 0), breachKey(plan, 1, 0)]).toEqual([
      '02-notify-1',
      '02-breach-0',
      '02-breach-1',
    ]);
  });

  it("keeps each approver's and each plan revision's entries apart, the deputy GM's when no approver is named", () => {
    const approval = { step: 'approval' as const };
    expect(notifyKey(approval, 0, 0)).toBe('06-notify-deputy_gm-0');
    expect(notifyKey({ ...approval, approverRole: 'gm' }, 0, 0)).toBe('06-notify-gm-0');
    expect(answerKey({ ...approval, role: 'gm', revision: 1 })).toBe('07-approval-gm-r1');
    expect(rejectedKey(0)).toBe('06-rejected');
    expect(answerKey({ step: 'response_plan', revision: 1 })).toBe('03-response_plan-r1');
    expect(breachKey({ step: 'response_plan' }, 2, 1)).toBe('02-breach-r1-2');
  });

  it('records a step handed over to a new owner apart from the notice it replaces', () => {
    expect(notifyKey({ step: 'response_plan' }, 0, 0, 'ops-1')).toBe('02-notify-0-to-ops-1');
  });

  it('gives a retried step the same key (recorded once) and each page request its own', () => {
    expect(failedKey('NoContact')).toBe(failedKey('NoContact'));
    const at = '2026-11-24T10:00:00+08:00';
    expect(pageEventKey('contact', 'case viewed read-only', at, 'req-1')).toBe(
      '04-case-viewed-read-only-2026-11-24T10:00:00+08:00-req-1',
    );
    expect(pageEventKey('contact', 'case viewed read-only', at, 'req-2')).not.toBe(
      pageEventKey('contact', 'case viewed read-only', at, 'req-1'),
    );
  });
});
