import { describe, expect, it } from 'vitest';
import { event, evidenceOf, firedAt, scoreAt } from '../helpers/customer-builder.ts';

describe('membership_lapsed: the latest membership expiry is before the as-of moment', () => {
  const expiring = { segment: 'member' as const, membership: { expiresAt: '2026-11-23T10:00:00+08:00' } };

  it('fires one minute after the expiry in the file, not one minute before', () => {
    expect(firedAt('2026-11-23T09:59:00+08:00', expiring)).not.toContain('membership_lapsed');
    expect(firedAt('2026-11-23T10:01:00+08:00', expiring)).toContain('membership_lapsed');
  });

  it('takes a renewal from the member system over an older expiry in the file', () => {
    const renewed = {
      ...expiring,
      events: [event.membership('2026-11-01T12:00:00+08:00', 'renew', '2027-11-01T00:00:00+08:00')],
    };
    expect(firedAt('2026-12-01T12:00:00+08:00', renewed)).not.toContain('membership_lapsed');
  });

  it('reads an expire event without a date as expiring when it happened', () => {
    const score = scoreAt('2026-11-23T12:00:00+08:00', {
      events: [event.membership('2026-09-30T23:59:00+08:00', 'expire')],
    });
    expect(evidenceOf(score, 'membership_lapsed')).toBe('membership expired 2026-09-30, 54 days ago, not renewed');
  });

  it('does not fire for a customer who never had a membership', () => {
    expect(firedAt('2026-11-23T12:00:00+08:00', { events: [event.visit('2026-11-01T12:00:00+08:00')] })).not.toContain(
      'membership_lapsed',
    );
  });
});

describe('stored_value_idle: a balance left unused for more than 90 days', () => {
  const AS_OF = '2026-11-22T23:00:00+08:00';

  it('fires when the last stored-value event is exactly 90 days back, outside (as-of - 90 days, as-of]', () => {
    const spec = { events: [event.storedValue('2026-08-24T23:00:00+08:00', 'topup', 500, 320)] };
    expect(evidenceOf(scoreAt(AS_OF, spec), 'stored_value_idle')).toBe(
      'balance 320.00 yuan, last used 2026-08-24 (90 days ago, limit 90)',
    );
  });

  it('does not fire when the last use is a minute inside the 90 days', () => {
    expect(
      firedAt(AS_OF, { events: [event.storedValue('2026-08-24T23:01:00+08:00', 'spend', 50, 320)] }),
    ).not.toContain('stored_value_idle');
  });

  it('does not fire on an empty balance', () => {
    expect(firedAt(AS_OF, { events: [event.storedValue('2026-01-01T12:00:00+08:00', 'spend', 100, 0)] })).not.toContain(
      'stored_value_idle',
    );
  });

  it('uses the balance after the latest event, whatever the arrival order', () => {
    const topup = event.storedValue('2026-03-01T12:00:00+08:00', 'topup', 500, 500);
    const spentAll = event.storedValue('2026-04-01T12:00:00+08:00', 'spend', 500, 0);
    expect(firedAt(AS_OF, { events: [spentAll, topup] })).not.toContain('stored_value_idle');
  });

  it('fires on a balance in the file with no stored-value activity on record', () => {
    expect(firedAt(AS_OF, { membership: { storedValueBalance: 80 } })).toContain('stored_value_idle');
  });
});
