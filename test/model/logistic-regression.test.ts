import { describe, expect, it } from 'vitest';
import {
  fitLogistic,
  linearPredictor,
  sigmoid,
  standardise,
  standardiserOf,
} from '#shared/model/logistic-regression.ts';

/** Root of an increasing function by bisection: the reference solutions below are derived by hand and solved this way, not by Newton. */
function bisect(f: (v: number) => number, low: number, high: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (f(mid) > 0) high = mid;
    else low = mid;
  }
  return (low + high) / 2;
}

// The 23 shuttle launches before Challenger: launch temperature (°F) and whether any O-ring was damaged.
const CHALLENGER_23: Array<[number, 0 | 1]> = [
  [53, 1],
  [57, 1],
  [58, 1],
  [63, 1],
  [66, 0],
  [67, 0],
  [67, 0],
  [67, 0],
  [68, 0],
  [69, 0],
  [70, 1],
  [70, 0],
  [70, 1],
  [70, 0],
  [72, 0],
  [73, 0],
  [75, 0],
  [75, 1],
  [76, 0],
  [76, 0],
  [78, 0],
  [79, 0],
  [81, 0],
];
// The 24-launch table of Montgomery & Runger's textbook example (one more launch at 80°F, 56°F for 58°F, damage read per launch there).
const MONTGOMERY_24: Array<[number, 0 | 1]> = [
  [53, 1],
  [56, 1],
  [57, 1],
  [63, 0],
  [66, 0],
  [67, 0],
  [67, 0],
  [67, 0],
  [68, 0],
  [69, 0],
  [70, 0],
  [70, 1],
  [70, 1],
  [70, 1],
  [72, 0],
  [73, 0],
  [75, 0],
  [75, 1],
  [76, 0],
  [76, 0],
  [78, 0],
  [79, 0],
  [80, 0],
  [81, 0],
];

describe('logistic regression fitted by Newton steps', () => {
  it('reproduces the published maximum-likelihood fits of the Challenger O-ring data (no penalty)', () => {
    // R, glm(Fail > 0 ~ Temp, family = binomial) on the 23 launches: (Intercept) 15.0429, Temp -0.2322.
    const a = fitLogistic(
      CHALLENGER_23.map(([t]) => [t]),
      CHALLENGER_23.map(([, y]) => y),
      { lambda: 0 },
    );
    expect(a.converged).toBe(true);
    expect(a.intercept).toBeCloseTo(15.0429, 3);
    expect(a.coefficients[0]).toBeCloseTo(-0.2322, 4);
    // Minitab in Montgomery & Runger on their 24 launches: constant 10.875, temperature -0.17132, log-likelihood -11.515.
    const b = fitLogistic(
      MONTGOMERY_24.map(([t]) => [t]),
      MONTGOMERY_24.map(([, y]) => y),
      { lambda: 0 },
    );
    expect(b.intercept).toBeCloseTo(10.875, 2);
    expect(b.coefficients[0]).toBeCloseTo(-0.17132, 4);
    expect(-b.negativeLogLikelihood).toBeCloseTo(-11.515, 2);
  });

  it('matches the solution derived by hand for one yes/no feature with a ridge penalty on its slope', () => {
    // Groups x = 0 (n0 cases, k0 positive) and x = 1 (n1, k1). Setting the gradient to 0:
    //   n0 σ(β0) - k0 = λ β1  and  n1 σ(β0 + β1) - k1 + λ β1 = 0,
    // so β0 = logit((k0 + λ β1) / n0) and β1 is the root of the second equation, found by bisection.
    const [n0, k0, n1, k1, lambda] = [40, 10, 25, 20, 3];
    const beta0Of = (beta1: number) => Math.log((k0 + lambda * beta1) / (n0 - k0 - lambda * beta1));
    const beta1 = bisect((b1) => n1 * sigmoid(beta0Of(b1) + b1) - k1 + lambda * b1, 0, 5);
    const x = [...Array.from({ length: n0 }, () => [0]), ...Array.from({ length: n1 }, () => [1])];
    const y = [
      ...Array.from({ length: n0 }, (_, i) => (i < k0 ? 1 : 0)),
      ...Array.from({ length: n1 }, (_, i) => (i < k1 ? 1 : 0)),
    ];
    const fit = fitLogistic(x, y, { lambda });
    expect(fit.coefficients[0]).toBeCloseTo(beta1, 10);
    expect(fit.intercept).toBeCloseTo(beta0Of(beta1), 10);
    // Without the penalty it is the two groups' own log-odds.
    const free = fitLogistic(x, y, { lambda: 0 });
    expect(free.intercept).toBeCloseTo(Math.log(10 / 30), 10);
    expect(free.coefficients[0]).toBeCloseTo(Math.log(20 / 5) - Math.log(10 / 30), 10);
  });

  it('stays finite on perfectly separated data, where the penalty alone holds the slope', () => {
    // x = -2, -1 never, x = 1, 2 always: symmetric, so β0 = 0 and β solves -4σ(-2β) - 2σ(-β) + λβ = 0.
    const x = [[-2], [-1], [1], [2]];
    const y = [0, 0, 1, 1];
    const lambda = 0.5;
    const reference = bisect((b) => -4 * sigmoid(-2 * b) - 2 * sigmoid(-b) + lambda * b, 0, 50);
    const fit = fitLogistic(x, y, { lambda });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(0, 10);
    expect(fit.coefficients[0]).toBeCloseTo(reference, 10);
  });

  it('takes case weights and fractional outcomes as the same data repeated', () => {
    const x = [[0.5], [1.5], [-1], [2]];
    const weighted = fitLogistic(x, [1, 0, 0, 1], { weights: [2, 1, 3, 1], lambda: 0.1 });
    const repeated = fitLogistic([[0.5], [0.5], [1.5], [-1], [-1], [-1], [2]], [1, 1, 0, 0, 0, 0, 1], { lambda: 0.1 });
    expect(weighted.intercept).toBeCloseTo(repeated.intercept, 10);
    expect(weighted.coefficients[0]).toBeCloseTo(repeated.coefficients[0] as number, 10);
    // An outcome of 0.25 is one case in four positive.
    const fractional = fitLogistic([[1], [2]], [0.25, 0.75], { lambda: 0 });
    const counted = fitLogistic([[1], [1], [1], [1], [2], [2], [2], [2]], [1, 0, 0, 0, 1, 1, 1, 0], { lambda: 0 });
    expect(fractional.coefficients[0]).toBeCloseTo(counted.coefficients[0] as number, 10);
  });

  it('is deterministic and puts several features on one scale before the penalty', () => {
    const rows = Array.from({ length: 300 }, (_, i) => [Math.sin(i) * 1000, Math.cos(i * 1.3), (i % 7) / 7]);
    const standardiser = standardiserOf(rows);
    const z = rows.map((row) => standardise(standardiser, row));
    const y = rows.map((row) => (row[0]! / 1000 + row[1]! > 0.2 ? 1 : 0));
    const first = fitLogistic(z, y, { lambda: 1 });
    const second = fitLogistic(z, y, { lambda: 1 });
    expect(second).toEqual(first);
    expect(first.converged).toBe(true);
    expect(z.every((row) => row.every(Number.isFinite))).toBe(true);
    expect(standardiser.mean[0]).toBeCloseTo(rows.reduce((sum, row) => sum + row[0]!, 0) / 300, 8);
    // The fit separates what it was given far better than chance.
    const right = z.filter((row, i) => (linearPredictor(first, row) > 0 ? 1 : 0) === y[i]).length;
    expect(right / 300).toBeGreaterThan(0.9);
  });
});
