import { describe, expect, it } from 'vitest';
import { type AtRisk, caseVolume, workingDaysBetween } from '#cli/backtest/case-volume.ts';
import { sampleStaff } from '#cli/sample/sample-staff.ts';
import type { Policy } from '#shared/policy/policy-schema.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { StaffDirectory } from '#shared/staff/staff-directory.ts';

const staff = new StaffDirectory(sampleStaff(['S1', 'S2']));
const base = presetPolicy('script-kill');
const withQueue = (workQueue: Partial<Policy['workQueue']>): Policy => ({
  ...base,
  workQueue: {
    ...base.workQueue,
    newCasesPerDay: { customer_service: 2, operations: 1, operations_head: 1 },
    ...workQueue,
  },
});
const atRisk = (prefix: string, count: number, storeId: string, level: 1 | 2 | 3): AtRisk[] =>
  Array.from({ length: count }, (_, i) => ({ customerId: `${prefix}${i}`, storeId, level }));

describe('the monthly case volume a chain opens', () => {
  it('opens no more than each owner takes in the month, the rest waiting', () => {
    const [month] = caseVolume(
      [{ atRisk: [...atRisk('A', 30, 'S1', 1), ...atRisk('B', 3, 'S2', 1)], workingDays: 5 }],
      withQueue({}),
      staff,
    );
    // S1's agent takes 2 a day for 5 days; S2's agent has room for all 3.
    expect(month).toEqual({ atRisk: 33, opened: 13, queued: 20 });
  });

  it('opens every at-risk customer when the policy says open everything', () => {
    const [month] = caseVolume(
      [{ atRisk: atRisk('A', 30, 'S1', 1), workingDays: 5 }],
      withQueue({ open: 'everything' }),
      staff,
    );
    expect(month).toEqual({ atRisk: 30, opened: 30, queued: 0 });
  });

  it('shares the chain-wide head of operations across stores, level 3 first', () => {
    const [month] = caseVolume(
      [{ atRisk: [...atRisk('X', 4, 'S1', 3), ...atRisk('Y', 4, 'S2', 3)], workingDays: 3 }],
      withQueue({}),
      staff,
    );
    expect(month?.opened).toBe(3);
  });

  it('does not open a worked customer again while their case runs, and does once it is over', () => {
    const policy = withQueue({ open: 'everything' });
    const busy = Math.ceil(
      (policy.deadlines.trackingWindowDays + Math.min(...Object.values(policy.deadlines.quietDaysAfterClose))) / 30,
    );
    const months = Array.from({ length: busy + 1 }, () => ({ atRisk: atRisk('A', 5, 'S1', 1), workingDays: 20 }));
    const volume = caseVolume(months, policy, staff);
    expect(volume.map((month) => month.opened)).toEqual([5, ...Array.from({ length: busy - 1 }, () => 0), 5]);
  });

  it('counts the working days of the policy calendar in the policy zone', () => {
    // Monday 23 to Monday 30 November 2026, Beijing time: Monday to Friday.
    expect(
      workingDaysBetween(base, Date.parse('2026-11-23T00:00:00+08:00'), Date.parse('2026-11-30T00:00:00+08:00')),
    ).toBe(5);
    // A day that starts at 16:00 UTC on Sunday is Monday in Beijing: a working day.
    expect(workingDaysBetween(base, Date.parse('2026-11-22T16:00:00Z'), Date.parse('2026-11-23T16:00:00Z'))).toBe(1);
  });
});
