import { describe, expect, it } from 'vitest';
import { calibrationReport, chanceCalibrationError } from '#shared/model/calibration-error.ts';
import { sigmoid } from '#shared/model/logistic-regression.ts';
import { applyPlattScaling, fitPlattScaling } from '#shared/model/platt-scaling.ts';
import { seededUniform53 } from '#shared/model/seeded-random.ts';

/** Scores whose true probability is known: p = σ(1.7 s - 0.4), the outcome drawn with it. */
function simulated(n: number, seed: number): Array<{ score: number; truth: number; positive: boolean }> {
  const random = seededUniform53(seed);
  return Array.from({ length: n }, () => {
    const score = 2 * Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
    const truth = sigmoid(1.7 * score - 0.4);
    return { score, truth, positive: random() < truth };
  });
}

describe('Platt scaling', () => {
  it('recovers the true map from scores to probabilities, so the calibrated risk matches the truth', () => {
    const data = simulated(20_000, 3);
    const scaling = fitPlattScaling(
      data.map((row) => row.score),
      data.map((row) => row.positive),
    );
    expect(scaling.slope).toBeCloseTo(1.7, 1);
    expect(scaling.intercept).toBeCloseTo(-0.4, 1);
    const calibrated = data.map((row) => ({
      probability: applyPlattScaling(scaling, row.score),
      truth: row.truth,
      positive: row.positive,
    }));
    const meanError =
      calibrated.reduce((sum, row) => sum + Math.abs(row.probability - row.truth), 0) / calibrated.length;
    expect(meanError).toBeLessThan(0.01);
    // Its calibration error is what chance alone gives a perfectly calibrated risk on this many customers.
    const ece = calibrationReport(calibrated)!.ece;
    expect(Math.abs(ece - chanceCalibrationError(calibrated.map((row) => row.truth))!)).toBeLessThan(0.01);
  });

  it('turns overconfident scores into honest ones without changing their order', () => {
    // The raw scores claim σ(3s) where the truth is σ(1.7s - 0.4): badly calibrated, well ranked.
    const data = simulated(5000, 4);
    const raw = data.map((row) => ({ probability: sigmoid(3 * row.score), positive: row.positive }));
    const scaling = fitPlattScaling(
      data.map((row) => 3 * row.score),
      data.map((row) => row.positive),
    );
    const calibrated = data.map((row) => ({
      probability: applyPlattScaling(scaling, 3 * row.score),
      positive: row.positive,
    }));
    expect(calibrationReport(raw)!.ece).toBeGreaterThan(0.05);
    expect(calibrationReport(calibrated)!.ece).toBeLessThan(0.03);
    const order = (rows: Array<{ probability: number }>) =>
      rows
        .map((row, i) => [row.probability, i] as const)
        .sort((a, b) => a[0] - b[0])
        .map(([, i]) => i);
    expect(order(calibrated)).toEqual(order(raw));
  });

  it('claims no certainty from a small or one-sided set: outputs stay strictly inside (0, 1)', () => {
    const scaling = fitPlattScaling([-3, -2, 2, 3], [false, false, true, true]);
    expect(applyPlattScaling(scaling, 10)).toBeLessThan(1);
    expect(applyPlattScaling(scaling, -10)).toBeGreaterThan(0);
    const allLost = fitPlattScaling([0.1, 0.5, 0.9], [true, true, true]);
    // Platt's target for a positive among 3 is 4/5: the map says likely, not certain.
    expect(applyPlattScaling(allLost, 0.5)).toBeCloseTo(0.8, 2);
    const sameScore = fitPlattScaling([1, 1, 1, 1], [true, false, false, false]);
    expect(Number.isFinite(sameScore.slope)).toBe(true);
  });
});

describe('expected calibration error (10 equal-width bins)', () => {
  it("weights each bin's gap between mean prediction and observed share by its size", () => {
    // Bin [0.1, 0.2): 0.1 and 0.15 predicted, one of two lost: |0.125 - 0.5| = 0.375, weight 2/5.
    // Bin [0.8, 0.9): 0.8, 0.8, 0.85 predicted, all lost: |0.8167 - 1| = 0.1833, weight 3/5.
    const report = calibrationReport([
      { probability: 0.1, positive: true },
      { probability: 0.15, positive: false },
      { probability: 0.8, positive: true },
      { probability: 0.8, positive: true },
      { probability: 0.85, positive: true },
    ])!;
    expect(report.ece).toBeCloseTo((2 / 5) * 0.375 + (3 / 5) * (1 - 2.45 / 3), 12);
    expect(report.bins.map((bin) => [bin.from, bin.customers])).toEqual([
      [0.1, 2],
      [0.8, 3],
    ]);
    // A risk of exactly 1 belongs to the top bin.
    expect(calibrationReport([{ probability: 1, positive: true }])!.bins[0]!.from).toBe(0.9);
  });

  it('is small for a perfectly calibrated risk only when there are many customers', () => {
    const few = chanceCalibrationError(Array.from({ length: 100 }, (_, i) => (i + 0.5) / 100))!;
    const many = chanceCalibrationError(Array.from({ length: 10_000 }, (_, i) => (i + 0.5) / 10_000))!;
    expect(few).toBeGreaterThan(0.03);
    expect(many).toBeLessThan(0.01);
  });
});
