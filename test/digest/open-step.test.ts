import { describe, expect, it } from 'vitest';
import type { AwaitingRecord } from '#shared/cases/case-record.ts';
import { openStepOf } from '#shared/digest/staff-digest.ts';

const keys = { customerId: 'C0000037', alertId: 'daily-1', storeId: 'S1', level: 2 as const };
const awaiting = (over: Partial<AwaitingRecord> = {}): AwaitingRecord => ({
  step: 'approval',
  taskToken: 'token',
  linkId: 'link-1',
  personId: 'dgm',
  round: 1,
  revision: 0,
  dueBy: '2026-11-27T00:00:00+08:00',
  firstAskedAt: '2026-11-24T09:00:00+08:00',
  role: 'deputy_gm',
  ...over,
});

describe("a case's waiting step in the morning digest", () => {
  it('is listed with its person, deadline, round and, for an approval, whose', () => {
    expect(openStepOf({ ...keys, awaiting: awaiting() })).toEqual({
      ...keys,
      step: 'approval',
      personId: 'dgm',
      linkId: 'link-1',
      round: 1,
      revision: 0,
      approverRole: 'deputy_gm',
      dueBy: '2026-11-27T00:00:00+08:00',
      firstAskedAt: '2026-11-24T09:00:00+08:00',
    });
  });

  it('is not work any more once answered (the answer on its way to the workflow)', () => {
    const pending = { requestId: 'r', linkId: 'link-1', claimedAt: 1, answer: {}, at: 'x', from: 'y', userAgent: 'z' };
    expect(openStepOf({ ...keys, awaiting: awaiting({ pending }) })).toBeUndefined();
  });

  it('is left out without a deadline, and counts from its deadline when its first notice time is unknown', () => {
    expect(openStepOf({ ...keys, awaiting: awaiting({ dueBy: undefined }) })).toBeUndefined();
    expect(openStepOf({ ...keys, awaiting: awaiting({ firstAskedAt: undefined }) })?.firstAskedAt).toBe(
      '2026-11-27T00:00:00+08:00',
    );
  });
});
