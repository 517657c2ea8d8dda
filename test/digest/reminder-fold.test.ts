import { describe, expect, it } from 'vitest';
import { nextDigestAt } from '#shared/digest/digest-schedule.ts';
import { reminderInDigest } from '#shared/digest/reminder-fold.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';

const policy = presetPolicy('script-kill');
const at = (text: string) => Date.parse(text);

describe('reminders in the morning digest', () => {
  it('sends the digest at 08:30 on working days, in the policy zone', () => {
    // Friday 07:00 -> Friday 08:30; Friday 09:00 -> Monday 08:30 (the weekend is off).
    expect(nextDigestAt(policy, at('2026-11-27T07:00:00+08:00'))).toBe(at('2026-11-27T08:30:00+08:00'));
    expect(nextDigestAt(policy, at('2026-11-27T09:00:00+08:00'))).toBe(at('2026-11-30T08:30:00+08:00'));
  });

  it('folds a reminder with days to go into the next digest', () => {
    // Missed on Tuesday evening; three working days more: Wednesday's digest tells it.
    expect(reminderInDigest(policy, 1, '2026-11-27T00:00:00+08:00', at('2026-11-24T18:00:00+08:00'))).toEqual({
      digestAt: at('2026-11-25T08:30:00+08:00'),
    });
  });

  it('emails a reminder at once when the digest would leave too little of its time', () => {
    // A response plan missed at 10:00 Thursday, due again 10:00 Friday: Friday's digest would leave 1.5 hours.
    expect(reminderInDigest(policy, 1, '2026-11-27T10:00:00+08:00', at('2026-11-26T10:00:00+08:00'))).toBeUndefined();
    // Missed at 02:00, due again in 24 hours: the digest at 08:30 would come early, but a step of hours is urgent.
    expect(reminderInDigest(policy, 1, '2026-11-27T02:00:00+08:00', at('2026-11-26T02:00:00+08:00'))).toBeUndefined();
    // Missed on Friday evening, due Monday noon: Monday's digest comes too late in the window.
    expect(reminderInDigest(policy, 2, '2026-11-30T12:00:00+08:00', at('2026-11-27T18:00:00+08:00'))).toBeUndefined();
  });

  it('emails every new step at once', () => {
    expect(reminderInDigest(policy, 0, '2026-12-10T00:00:00+08:00', at('2026-11-24T18:00:00+08:00'))).toBeUndefined();
  });
});
