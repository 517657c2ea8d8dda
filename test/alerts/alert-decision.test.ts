import { describe, expect, it } from 'vitest';
import { decideAlert } from '#shared/alerts/alert-decision.ts';

const asOf = Date.parse('2026-12-01T02:00:00+08:00');
const lostAtOne = { until: '2027-03-01T10:00:00+08:00', level: 1 as const, outcome: 'lost' as const };
const open = { alertId: 'a-1', level: 2 as const, raisedLevel: 2 as const, identifiedAt: '2026-11-20T02:00:00+08:00' };

describe('what a scan does with an at-risk customer', () => {
  it('raises a first alert, keeps an open one, escalates it when the level rises, and does nothing below level 1', () => {
    expect(decideAlert(1, undefined)).toBe('raise');
    expect(decideAlert(2, open)).toBe('keep');
    expect(decideAlert(1, open)).toBe('keep');
    expect(decideAlert(3, open)).toBe('escalate');
    expect(decideAlert(0, undefined)).toBe('none');
  });

  it('takes a queued alert (no case yet) out of the queue when the customer is no longer at risk, but leaves an open case to its workflow', () => {
    const queued = { ...open, queued: true };
    expect(decideAlert(0, queued)).toBe('dequeue');
    expect(decideAlert(0, open)).toBe('none');
    expect(decideAlert(2, queued)).toBe('keep');
    expect(decideAlert(3, queued)).toBe('escalate');
  });

  it("leaves a customer quiet after a closed case until the period ends, unless the level rises above the case's", () => {
    expect(decideAlert(1, undefined, lostAtOne, asOf)).toBe('quiet');
    expect(decideAlert(2, undefined, lostAtOne, asOf)).toBe('raise');
    expect(decideAlert(1, undefined, lostAtOne, Date.parse('2027-03-01T10:00:00+08:00'))).toBe('raise');
    // A refusal is kept at level 3: nothing alerts during its period.
    expect(decideAlert(3, undefined, { ...lostAtOne, level: 3, outcome: 'refused' }, asOf)).toBe('quiet');
  });
});
