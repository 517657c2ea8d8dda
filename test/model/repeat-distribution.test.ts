import { describe, expect, it } from 'vitest';
import { repeatVisitCalibration, repeatVisitProbabilities } from '#shared/model/repeat-distribution.ts';
import { simulateBgNbd } from '#shared/model/simulate-bg-nbd.ts';

const cdnow = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('the distribution of repeat visits the model expects', () => {
  it("matches the paper's P(X(t) = x) computed independently (mpmath, 30 digits)", () => {
    // The values rounded to what a double holds.
    const p = repeatVisitProbabilities(cdnow, 39, 5);
    expect(p[0]).toBeCloseTo(0.5737863520960094, 12);
    expect(p[1]).toBeCloseTo(0.19939528083591143, 12);
    expect(p[5]).toBeCloseTo(0.017965493866579047, 12);
    expect(repeatVisitProbabilities({ r: 2, alpha: 6, a: 1.5, b: 12 }, 52, 10)[10]).toBeCloseTo(
      0.03604310753180055,
      12,
    );
  });

  it('sums to one over all counts, even over a long period', () => {
    const p = repeatVisitProbabilities({ r: 2, alpha: 6, a: 1.5, b: 12 }, 520, 2000);
    expect(p.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 10);
  });

  it('expects about the counts a chain drawn from the process shows (within sampling error)', () => {
    const ages = Array.from({ length: 20_000 }, (_, i) => 13 + (i % 40));
    const customers = simulateBgNbd(cdnow, ages.length, ages, 3);
    const rows = repeatVisitCalibration(cdnow, customers);
    expect(rows.map((row) => row.repeats)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(rows.reduce((sum, row) => sum + row.expected, 0)).toBeCloseTo(20_000, 6);
    // Each count within 4 binomial standard deviations of what the model expects.
    for (const row of rows)
      expect(Math.abs(row.actual - row.expected)).toBeLessThan(
        4 * Math.sqrt(row.expected * (1 - row.expected / 20_000)) + 1,
      );
  });
});
