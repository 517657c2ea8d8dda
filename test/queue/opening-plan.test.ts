import { describe, expect, it } from 'vitest';
import { sampleStaff } from '#cli/sample/sample-staff.ts';
import { parsePolicy } from '#shared/policy/parse-policy.ts';
import type { PolicyInput } from '#shared/policy/policy-schema.ts';
import { PRESETS, presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { intakeDays } from '#shared/queue/intake-day.ts';
import { planOpening } from '#shared/queue/opening-plan.ts';
import { newCasesPerDay, workInHand } from '#shared/queue/owner-capacity.ts';
import { type QueueEntry, queueEntrySchema } from '#shared/queue/queue-entry.ts';
import { StaffDirectory } from '#shared/staff/staff-directory.ts';

const scriptKill = presetPolicy('script-kill');
const staff = new StaffDirectory(sampleStaff(['S1', 'S2'], ['customer_service', 'operations', 'operations_head']));
const MONDAY = Date.parse('2026-11-23T02:00:00+08:00');
const days = intakeDays(scriptKill);

let n = 0;
const queued = (storeId: string, level: 1 | 2 | 3, priority: number, extra: Record<string, unknown> = {}): QueueEntry =>
  queueEntrySchema.parse({
    customerId: `C${String(++n).padStart(3, '0')}`,
    alertId: 'daily-1',
    storeId,
    level,
    identifiedAt: '2026-11-20T02:00:00+08:00',
    status: 'queued',
    priority,
    ...extra,
  });
const open = (storeId: string, level: 1 | 2 | 3, openedAt?: string): QueueEntry =>
  queueEntrySchema.parse({
    customerId: `C${String(++n).padStart(3, '0')}`,
    alertId: 'daily-1',
    storeId,
    level,
    identifiedAt: '2026-11-01T02:00:00+08:00',
    status: 'in_progress',
    ...(openedAt ? { openedAt } : {}),
  });
const plan = (entries: QueueEntry[], policy = scriptKill, asOf = MONDAY) =>
  planOpening(entries, { policy, staff, today: days.of(asOf), workdayOf: days.ofText });
const withQueue = (workQueue: NonNullable<PolicyInput['workQueue']>, base: PolicyInput = PRESETS['script-kill']!) =>
  parsePolicy({ ...base, workQueue }, 'test policy');

describe("which queued alerts open: each owner's free capacity, their line in order", () => {
  it("gives each store's call-back agent 8 new cases a working day and its operations lead 4, most at stake first", () => {
    const entries = [
      ...Array.from({ length: 12 }, (_, i) => queued('S1', 1, 10 * i)),
      ...Array.from({ length: 6 }, (_, i) => queued('S1', 2, i)),
      queued('S2', 1, 5),
    ];
    const { open: opening, queue, owners } = plan(entries);
    expect(owners.map((owner) => [owner.key, owner.free, owner.opening, owner.waiting])).toEqual([
      ['cs-1', 8, 8, 4],
      ['cs-2', 8, 1, 0],
      ['ops-1', 4, 4, 2],
    ]);
    expect(opening.filter((placed) => placed.owner === 'cs-1').map((placed) => placed.priority)).toEqual([
      110, 100, 90, 80, 70, 60, 50, 40,
    ]);
    expect(
      queue.filter((placed) => placed.owner === 'cs-1').map((placed) => [placed.priority, placed.position]),
    ).toEqual([
      [30, 1],
      [20, 2],
      [10, 3],
      [0, 4],
    ]);
  });

  it("shares the head of operations' two level-3 cases a day across every store they serve", () => {
    const { owners, open: opening } = plan([queued('S1', 3, 1), queued('S2', 3, 50), queued('S1', 3, 20)]);
    expect(owners).toEqual([
      expect.objectContaining({
        key: 'ops-head',
        role: 'operations_head',
        storeIds: ['S1', 'S2'],
        newCasesPerDay: 2,
        opening: 2,
        waiting: 1,
      }),
    ]);
    expect(opening.map((placed) => placed.priority)).toEqual([50, 20]);
  });

  it('puts level 3 first in a line it shares with other levels, however much more is at stake below it', () => {
    // Retail's customer service owns levels 1 and 2; here its account manager level 3 as well.
    const retail = PRESETS['retail-rfm']!;
    const policy = parsePolicy(
      {
        ...retail,
        owners: { ...retail.owners, 3: { role: 'customer_service', department: '客服 customer service' } },
        workQueue: { newCasesPerDay: { customer_service: 2 } },
      },
      'test policy',
    );
    const directory = new StaffDirectory(sampleStaff(['S1'], ['customer_service']));
    const { open: opening } = planOpening([queued('S1', 1, 900), queued('S1', 3, 1), queued('S1', 2, 500)], {
      policy,
      staff: directory,
      today: days.of(MONDAY),
      workdayOf: days.ofText,
    });
    expect(opening.map((placed) => [placed.level, placed.priority])).toEqual([
      [3, 1],
      [1, 900],
    ]);
  });

  it("counts the day's intake of cases opened that working day and still open, and keeps to the desk limit as cases stay open", () => {
    const earlierToday = '2026-11-23T01:00:00+08:00';
    const lastWeek = '2026-11-16T02:00:00+08:00';
    const line = Array.from({ length: 5 }, (_, i) => queued('S1', 1, i));
    // Six opened today: two left of the day's eight.
    expect(plan([...line, ...Array.from({ length: 6 }, () => open('S1', 1, earlierToday))]).owners[0]).toMatchObject({
      openedToday: 6,
      open: 6,
      free: 2,
    });
    // 78 of the desk's 80 (8 a day x 10 days) open since last week: two fit, whatever is left of the day.
    expect(plan([...line, ...Array.from({ length: 78 }, () => open('S1', 1, lastWeek))]).owners[0]).toMatchObject({
      openedToday: 0,
      open: 78,
      workInHand: 80,
      free: 2,
    });
    // Without a desk limit only the day counts; a case opened before the queue (no date) is on the desk, not in the day.
    const dayOnly = withQueue({ workInHandDays: null });
    expect(plan([...line, ...Array.from({ length: 78 }, () => open('S1', 1))], dayOnly).owners[0]).toMatchObject({
      workInHand: undefined,
      free: 8,
      opening: 5,
    });
  });

  it("counts a case opened on a day off against the next working day: a weekend opens one day's intake, not three", () => {
    const saturday = Date.parse('2026-11-28T02:00:00+08:00');
    const line = Array.from({ length: 20 }, (_, i) => queued('S1', 1, i));
    const openedSaturday = Array.from({ length: 8 }, () => open('S1', 1, '2026-11-28T02:00:00+08:00'));
    expect(plan(line, scriptKill, saturday).owners[0]?.free).toBe(8);
    expect(
      plan([...line, ...openedSaturday], scriptKill, Date.parse('2026-11-29T02:00:00+08:00')).owners[0]?.free,
    ).toBe(0);
    expect(
      plan([...line, ...openedSaturday], scriptKill, Date.parse('2026-11-30T02:00:00+08:00')).owners[0]?.free,
    ).toBe(0);
    expect(
      plan([...line, ...openedSaturday], scriptKill, Date.parse('2026-12-01T02:00:00+08:00')).owners[0]?.free,
    ).toBe(8);
  });

  it('opens nothing for a role nobody holds at a store, and names the gap', () => {
    const { owners, open: opening } = plan([queued('S9', 1, 100)]);
    expect(opening).toEqual([]);
    expect(owners).toEqual([
      expect.objectContaining({ key: 'nobody:customer_service@S9', staffed: false, free: 0, waiting: 1 }),
    ]);
  });

  it('opens every queued alert at once when the policy says "open everything" (the behaviour before the queue)', () => {
    const everything = withQueue({ open: 'everything' });
    const entries = [
      ...Array.from({ length: 30 }, (_, i) => queued('S1', 1, i)),
      ...Array.from({ length: 90 }, () => open('S1', 1, '2026-11-23T01:00:00+08:00')),
      queued('S9', 2, 1),
    ];
    const result = plan(entries, everything);
    expect([result.open.length, result.queue.length]).toEqual([31, 0]);
  });

  it("reads each owner role's capacity from the policy, else the default of the lowest level it owns", () => {
    expect(
      ['customer_service', 'operations', 'operations_head'].map((role) => newCasesPerDay(scriptKill, role)),
    ).toEqual([8, 4, 2]);
    expect(workInHand(scriptKill, 'operations')).toBe(40);
    // Medical aesthetics: customer service owns levels 1 and 2 and works at level 1's pace.
    const med = parsePolicy({ ...PRESETS['med-aesthetics']!, workQueue: undefined }, 'med without figures');
    expect([newCasesPerDay(med, 'customer_service'), newCasesPerDay(med, 'account_manager')]).toEqual([8, 2]);
    expect(() =>
      parsePolicy({ ...PRESETS['script-kill']!, workQueue: { newCasesPerDay: { marketing: 3 } } }, 'bad'),
    ).toThrow(/workQueue\.newCasesPerDay\.marketing.*no level is owned by "marketing"/s);
    expect(() => withQueue({ newCasesPerDay: { customer_service: 0 } })).toThrow(
      /workQueue\.newCasesPerDay\.customer_service/,
    );
    expect(() => withQueue({ startsPerSecond: 0 })).toThrow(/workQueue\.startsPerSecond/);
  });
});
