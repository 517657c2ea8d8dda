import { describe, expect, it } from 'vitest';
import { policyNow, workflowSecondsUntil } from '#shared/time/time-scale.ts';

describe('time you can speed up', () => {
  it('is the real clock unless an epoch is set, then runs the scale times faster from it', () => {
    expect(policyNow({ WINBACK_TIME_SCALE: '86400' }, 1_000)).toBe(1_000);
    expect(policyNow({ WINBACK_TIME_SCALE: '86400', WINBACK_CLOCK_EPOCH: '1000' }, 2_000)).toBe(1_000 + 1_000 * 86_400);
  });

  it('carries policy time on from a start when the pace changes, so it never jumps back', () => {
    const env = { WINBACK_TIME_SCALE: '10', WINBACK_CLOCK_EPOCH: '5000', WINBACK_CLOCK_START: '900000' };
    expect(policyNow(env, 5_000)).toBe(900_000);
    expect(policyNow(env, 6_000)).toBe(900_000 + 10_000);
    expect(() => policyNow({ ...env, WINBACK_CLOCK_START: 'soon' }, 1)).toThrow(
      'WINBACK_CLOCK_START must be epoch milliseconds',
    );
  });

  it('turns a deadline into whole seconds of waiting at that pace, never less than one', () => {
    expect(workflowSecondsUntil(86_400_000, 0, 1)).toBe(86_400);
    expect(workflowSecondsUntil(86_400_000, 0, 86_400)).toBe(1);
    expect(workflowSecondsUntil(0, 5_000, 1)).toBe(1);
  });

  it('refuses a scale that is not a positive number', () => {
    expect(() => policyNow({ WINBACK_TIME_SCALE: '-1', WINBACK_CLOCK_EPOCH: '0' }, 1)).toThrow(
      'WINBACK_TIME_SCALE must be a positive number',
    );
  });
});
