import { describe, expect, it } from 'vitest';
import { type BgNbdParams, expectedVisitsNew } from '#shared/model/bg-nbd.ts';
import { seededUniform53 } from '#shared/model/seeded-random.ts';
import { simulateBgNbd } from '#shared/model/simulate-bg-nbd.ts';

const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const A_ABOVE_1: BgNbdParams = { r: 0.8, alpha: 5, a: 2.5, b: 6 };

describe('simulateBgNbd', () => {
  it('draws the same customers for the same seed and others for another seed', () => {
    expect(simulateBgNbd(CDNOW, 200, 39, 7)).toEqual(simulateBgNbd(CDNOW, 200, 39, 7));
    expect(simulateBgNbd(CDNOW, 200, 39, 8)).not.toEqual(simulateBgNbd(CDNOW, 200, 39, 7));
  });

  it('returns valid summaries: whole x, 0 <= tx <= T, tx = 0 when x = 0', () => {
    const ages = Array.from({ length: 500 }, (_, i) => 1 + (i % 52));
    for (const [i, customer] of simulateBgNbd(CDNOW, 500, ages, 3).entries()) {
      expect(Number.isInteger(customer.x)).toBe(true);
      expect(customer.T).toBe(ages[i]);
      expect(customer.tx).toBeGreaterThanOrEqual(0);
      expect(customer.tx).toBeLessThanOrEqual(customer.T);
      if (customer.x === 0) expect(customer.tx).toBe(0);
    }
  });

  // Two checks of the simulator against the model's own formulas, each within 4 standard errors
  // of the sample (a deterministic seed, so this either always passes or never does).
  it.each([
    ['CDNOW', CDNOW, 39],
    ['a > 1', A_ABOVE_1, 52],
  ] as const)("averages E[X(T)] of the paper's eq. 7 over 20,000 customers (%s)", (_name, params, T) => {
    const xs = simulateBgNbd(params, 20_000, T, 11).map((customer) => customer.x);
    const mean = xs.reduce((sum, x) => sum + x, 0) / xs.length;
    const variance = xs.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (xs.length - 1);
    expect(Math.abs(mean - expectedVisitsNew(params, T))).toBeLessThanOrEqual(4 * Math.sqrt(variance / xs.length));
  });

  it.each([
    ['CDNOW', CDNOW, 39],
    ['a > 1', A_ABOVE_1, 52],
  ] as const)('leaves P(X(T) = 0) = (α/(α+T))^r of them without a repeat purchase (%s)', (_name, params, T) => {
    const n = 20_000;
    const none = simulateBgNbd(params, n, T, 12).filter((customer) => customer.x === 0).length / n;
    const expected = (params.alpha / (params.alpha + T)) ** params.r;
    expect(Math.abs(none - expected)).toBeLessThanOrEqual(4 * Math.sqrt((expected * (1 - expected)) / n));
  });

  it('refuses invalid parameters and a mismatched list of ages', () => {
    expect(() => simulateBgNbd({ ...CDNOW, b: -1 }, 10, 39, 1)).toThrow(/b must be/);
    expect(() => simulateBgNbd(CDNOW, 3, [1, 2], 1)).toThrow(RangeError);
  });
});

describe('seededUniform53', () => {
  it('draws uniformly in (0, 1): never 0 or 1, mean 1/2, variance 1/12', () => {
    const random = seededUniform53(2024);
    const n = 100_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const u = random();
      expect(u > 0 && u < 1).toBe(true);
      sum += u;
      squares += u * u;
    }
    const mean = sum / n;
    // Standard errors: sqrt(1/12/n) ≈ 9e-4 for the mean, sqrt(1/180/n) ≈ 2.4e-4 for the variance.
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * 9.2e-4);
    expect(Math.abs(squares / n - mean * mean - 1 / 12)).toBeLessThan(4 * 2.4e-4);
  });
});
