import { describe, expect, it } from 'vitest';
import { customerRfm } from '#shared/model/customer-rfm.ts';
import { foldHistory } from '#shared/state/fold-history.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { event } from '../helpers/customer-builder.ts';

const clock = new ZonedClock('Asia/Shanghai');
const asOf = Date.parse('2026-11-23T02:00:00+08:00');
const stateOf = (...visits: string[]) => foldHistory(visits.map((at) => event.visit(at, 100))).state;

describe('a customer as the BG/NBD model sees them', () => {
  it('counts repeat visits on distinct local days, the last visit and the age in weeks from the first', () => {
    // Two games the same Shanghai evening (one before, one after midnight UTC) are one trip.
    const state = stateOf(
      '2026-08-01T19:00:00+08:00',
      '2026-08-15T20:00:00+08:00',
      '2026-08-15T23:30:00+08:00',
      '2026-09-12T19:00:00+08:00',
    );
    const reading = customerRfm(state, asOf, 'week', clock);
    // 113 days and 7 hours from the first visit to the as-of moment.
    expect(reading).toEqual({ ok: true, rfm: { x: 2, tx: 6, T: expect.closeTo((113 + 7 / 24) / 7, 9) } });
  });

  it('gives a one-time visitor no repeat visits, and the same customer in days as in weeks', () => {
    const state = stateOf('2026-06-01T19:00:00+08:00');
    const weeks = customerRfm(state, asOf, 'week', clock);
    const days = customerRfm(state, asOf, 'day', clock);
    expect(weeks.ok && days.ok && [weeks.rfm.x, weeks.rfm.tx]).toEqual([0, 0]);
    expect(weeks.ok && days.ok && days.rfm.T / weeks.rfm.T).toBeCloseTo(7, 12);
  });

  it('says when there is too little history for the model instead of giving a number', () => {
    expect(customerRfm(stateOf('2026-11-10T19:00:00+08:00'), asOf, 'week', clock)).toEqual({
      ok: false,
      reason: 'first visit 12 days ago: too little history for the model (needs 28)',
    });
    expect(customerRfm(stateOf(), asOf, 'week', clock)).toEqual({ ok: false, reason: 'no visits yet' });
  });
});
