import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '#shared/calendar/working-calendar.ts';
import { approversFor, isApproved } from '#shared/cases/benefit-approval.ts';
import { executionName, maskedCustomer } from '#shared/cases/execution-name.ts';
import { verifyCase } from '#shared/cases/verify-case.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { event } from '../helpers/customer-builder.ts';

const policy = presetPolicy('script-kill');
const calendar = new WorkingCalendar(policy.calendar, new ZonedClock(policy.timeZone));

describe('approval of a benefit by its cost (Art. 15, script-kill: pre-approved up to 50, deputy GM up to 500)', () => {
  it('needs nobody, the deputy GM, or both the deputy GM and the GM', () => {
    expect(approversFor(50, policy.approval)).toEqual([]);
    expect(approversFor(50.01, policy.approval)).toEqual(['deputy_gm']);
    expect(approversFor(500, policy.approval)).toEqual(['deputy_gm']);
    expect(approversFor(800, policy.approval)).toEqual(['deputy_gm', 'gm']);
  });

  it("is not approved with the deputy GM alone above the deputy's limit", () => {
    expect(isApproved(800, policy.approval, new Set(['deputy_gm']))).toBe(false);
    expect(isApproved(800, policy.approval, new Set(['deputy_gm', 'gm']))).toBe(true);
  });
});

describe('execution names', () => {
  it('name level, store, masked customer and date within 80 characters, the same for the same alert', () => {
    const parts = {
      level: 2 as const,
      storeId: 'STORE-01',
      customerId: 'C0000037',
      identifiedAt: '2026-11-23T02:00:00+08:00',
      alertId: 'daily-1',
    };
    const name = executionName(parts);
    expect(name).toMatch(/^L2-STORE-01-C0xxxx37-20261123-[0-9a-f]{8}$/);
    expect(executionName(parts)).toBe(name);
    expect(executionName({ ...parts, alertId: 'daily-2' })).not.toBe(name);
  });

  it('stay within the allowed alphabet and length for any store name and a phone-number customer id', () => {
    const name = executionName({
      level: 3,
      storeId: '上海 静安店 / 2号'.repeat(8),
      customerId: '13812345678',
      identifiedAt: '2026-11-23T02:00:00+08:00',
      alertId: 'a',
    });
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(name).not.toContain('12345');
    expect(maskedCustomer('13812345678')).toBe('138****5678');
  });
});

describe('verify: the first step of a case', () => {
  const profile = { customerId: 'C1', storeId: 'S1', segment: 'regular' as const, core: false };
  const alert = { level: 1 as const, identifiedAt: '2026-11-23T02:00:00+08:00' };

  it('closes the case as self-recovered when the customer came back since the alert', () => {
    const events = [event.visit('2026-08-01T19:00:00+08:00'), event.visit('2026-11-24T19:00:00+08:00')];
    const verdict = verifyCase(
      alert,
      { profile, state: foldCustomerFile({ events }).state, version: 1 },
      policy,
      calendar,
      Date.parse('2026-11-25T09:00:00+08:00'),
    );
    expect(verdict).toMatchObject({ outcome: 'self_recovered', reason: 'no longer at risk: visited on 2026-11-24' });
  });

  it('confirms the case at the level it has now, with deadlines counted from verification', () => {
    const events = [
      event.visit('2026-08-01T19:00:00+08:00'),
      event.complaint('2026-11-24T12:00:00+08:00', 'serious', 'service'),
    ];
    const verdict = verifyCase(
      alert,
      { profile, state: foldCustomerFile({ events }).state, version: 1 },
      policy,
      calendar,
      Date.parse('2026-11-25T09:00:00+08:00'),
    );
    expect(verdict).toMatchObject({ outcome: 'confirmed', level: 2, levelChanged: true });
    if (verdict.outcome === 'confirmed') {
      // Wednesday 25 November + 5 working days: Wednesday 2 December, due by its end.
      expect(calendar.clock.formatInstant(verdict.deadlines.firstContactBy)).toBe('2026-12-03T00:00:00+08:00');
    }
  });

  it('closes the case when the customer file is gone', () => {
    expect(verifyCase(alert, undefined, policy, calendar, Date.now()).outcome).toBe('customer_gone');
  });
});

describe('execute: what happens to the benefit a plan chose', async () => {
  const { decideExecution } = await import('#shared/cases/execute-plan.ts');

  it('issues a benefit within the pre-approved catalogue limit at once', () => {
    expect(decideExecution('coupon_30_off_100', policy, 1, {})).toMatchObject({ action: 'issue', approvedBy: [] });
  });

  it("asks the deputy GM, then the GM above the deputy's limit, and issues only with both", () => {
    expect(decideExecution('annual_discount_card', policy, 3, {})).toMatchObject({
      action: 'approve',
      approverRole: 'deputy_gm',
    });
    expect(decideExecution('annual_discount_card', policy, 3, { deputy_gm: 'approve' })).toMatchObject({
      action: 'approve',
      approverRole: 'gm',
    });
    expect(decideExecution('annual_discount_card', policy, 3, { deputy_gm: 'approve', gm: 'approve' })).toMatchObject({
      action: 'issue',
      approvedBy: ['deputy_gm', 'gm'],
    });
    expect(decideExecution('annual_discount_card', policy, 3, { deputy_gm: 'approve', gm: 'reject' })).toMatchObject({
      action: 'rejected',
      by: 'gm',
    });
  });

  it("never issues a benefit outside the level's catalogue", () => {
    expect(() => decideExecution('annual_discount_card', policy, 1, {})).toThrow('not in the level 1 catalogue');
    expect(decideExecution('none', policy, 1, {})).toEqual({ action: 'none' });
  });

  it("executes an escalated case from its new level's catalogue, and still honours a plan chosen from a lower level before the rise", () => {
    expect(decideExecution('two_for_one', policy, 2, { deputy_gm: 'approve' })).toMatchObject({
      action: 'issue',
      benefit: { id: 'two_for_one' },
      approvedBy: ['deputy_gm'],
    });
    expect(decideExecution('coupon_30_off_100', policy, 2, {})).toMatchObject({
      action: 'issue',
      benefit: { id: 'coupon_30_off_100' },
      approvedBy: [],
    });
    expect(decideExecution('coupon_30_off_100', policy, 3, {})).toMatchObject({ action: 'issue' });
    expect(() => decideExecution('two_for_one', policy, 1, {})).toThrow('not in the level 1 catalogue');
  });
});
