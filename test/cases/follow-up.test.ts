import { describe, expect, it } from 'vitest';
import { followUpVerdict } from '#shared/cases/follow-up.ts';
import { foldHistory } from '#shared/state/fold-history.ts';
import { event } from '../helpers/customer-builder.ts';

const date = (instant: number) => new Date(instant).toISOString().slice(0, 10);
const identified = Date.parse('2026-11-23T02:00:00+08:00');
const trackUntil = Date.parse('2027-02-21T02:00:00+08:00');

describe('a round of tracking', () => {
  it('wins the customer back on a visit after the alert', () => {
    const { state } = foldHistory([event.visit('2026-08-01T19:00:00+08:00'), event.visit('2026-12-05T19:00:00+08:00')]);
    expect(followUpVerdict(state, identified, trackUntil, Date.parse('2026-12-07T00:00:00Z'), date)).toEqual({
      outcome: 'recovered',
      reason: 'came back on 2026-12-05',
    });
  });

  it('goes on while the window is open and ends lost when it closes without a visit', () => {
    const { state } = foldHistory([event.visit('2026-08-01T19:00:00+08:00')]);
    expect(followUpVerdict(state, identified, trackUntil, trackUntil - 1, date)).toEqual({ outcome: 'continue' });
    expect(followUpVerdict(state, identified, trackUntil, trackUntil, date)).toMatchObject({ outcome: 'lost' });
  });
});
