import { describe, expect, it } from 'vitest';
import { inHoldout } from '#shared/cases/holdout.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { type EvaluatedCase, evaluateWinback } from '#shared/reports/winback-evaluation.ts';

const policy = presetPolicy('script-kill');
const cases = (storeId: string, level: 1 | 2 | 3, statuses: Record<string, number>, holdout = false): EvaluatedCase[] =>
  Object.entries(statuses).flatMap(([status, count]) =>
    Array.from({ length: count }, () => ({ storeId, level, status, holdout })),
  );

describe('the monthly win-back evaluation (Art. 18-19)', () => {
  it('rates each store and level against 70/50/30 with a mark, an interval, and a row for a store with no cases', () => {
    const rows = evaluateWinback(
      [
        ...cases('S1', 1, { recovered: 7, lost: 2, refused: 1 }),
        ...cases('S1', 2, { recovered: 2, lost: 3, in_progress: 1 }),
        ...cases('S1', 3, { recovered: 1, lost: 2 }),
      ],
      ['S1', 'S2'],
      policy,
    );
    expect(
      rows.map((r) => [r.storeId, r.level, r.alerted, r.recovered, r.open, r.successRate, r.target, r.mark]),
    ).toEqual([
      ['S1', 1, 10, 7, 0, 0.7, 0.7, 'meets'],
      ['S1', 2, 6, 2, 1, 2 / 6, 0.5, 'misses'],
      ['S1', 3, 3, 1, 0, 1 / 3, 0.3, 'meets'],
      ['S2', 1, 0, 0, 0, undefined, 0.7, 'no cases'],
      ['S2', 2, 0, 0, 0, undefined, 0.5, 'no cases'],
      ['S2', 3, 0, 0, 0, undefined, 0.3, 'no cases'],
    ]);
    // 7 of 10: Wilson's 95% interval, worked out independently.
    expect(rows[0]?.interval?.low).toBeCloseTo(0.39677814746114537, 12);
    expect(rows[3]?.interval).toBeUndefined();
  });

  it("reports the uplift over the hold-out group: the effort's rate minus the rate of those left alone", () => {
    const rows = evaluateWinback(
      [
        ...cases('S1', 1, { recovered: 7, lost: 3 }),
        ...cases('S1', 1, { self_recovered: 1, recovered: 1, lost: 8 }, true),
      ],
      ['S1'],
      policy,
    );
    expect(rows[0]).toMatchObject({ alerted: 10, recovered: 7, successRate: 0.7 });
    expect(rows[0]?.uplift).toEqual({
      difference: expect.closeTo(0.5, 14),
      low: expect.closeTo(0.06647631448630492, 12),
      high: expect.closeTo(0.7397586340406175, 12),
      holdoutAlerted: 10,
      holdoutReturned: 2,
    });
    expect(rows[1]?.uplift).toBeUndefined();
  });
});

describe('the hold-out draw', () => {
  it('keeps a customer in the same arm for the period, holds back about the share asked, and none at 0', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `C${i}`);
    const held = ids.filter((id) => inHoldout(id, '2026-11', 0.1));
    // 10% of 20,000 within 4 standard deviations (sd = 42).
    expect(Math.abs(held.length - 2000)).toBeLessThan(170);
    expect(ids.filter((id) => inHoldout(id, '2026-11', 0.1))).toEqual(held);
    // Another period is another draw.
    expect(ids.filter((id) => inHoldout(id, '2026-12', 0.1))).not.toEqual(held);
    expect(ids.some((id) => inHoldout(id, '2026-11', 0))).toBe(false);
  });
});
