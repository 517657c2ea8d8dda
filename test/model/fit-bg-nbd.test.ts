import { describe, expect, it } from 'vitest';
import { type BgNbdParams, bgNbdTotalLogLikelihood, type PreparedRfm, prepareRfm } from '#shared/model/bg-nbd.ts';
import { fitBgNbd } from '#shared/model/fit-bg-nbd.ts';
import { simulateBgNbd } from '#shared/model/simulate-bg-nbd.ts';

const NAMES = ['r', 'alpha', 'a', 'b'] as const;

/**
 * Standard errors of ln r, ln α, ln a, ln b at the fit: the inverse of the observed information,
 * minus the Hessian of the total log-likelihood in log parameters (central differences).
 */
function logStandardErrors(params: BgNbdParams, data: PreparedRfm): number[] {
  const theta = NAMES.map((name) => Math.log(params[name]));
  const at = (shifted: number[]) => {
    const [r, alpha, a, b] = shifted.map(Math.exp) as [number, number, number, number];
    return bgNbdTotalLogLikelihood({ r, alpha, a, b }, data);
  };
  const h = 1e-3;
  const information = NAMES.map(() => NAMES.map(() => 0));
  for (let i = 0; i < 4; i++) {
    for (let j = i; j < 4; j++) {
      const shifted = (di: number, dj: number) => {
        const point = theta.slice();
        point[i] = (point[i] as number) + di;
        point[j] = (point[j] as number) + dj;
        return at(point);
      };
      const second = (shifted(h, h) - shifted(h, -h) - shifted(-h, h) + shifted(-h, -h)) / (4 * h * h);
      (information[i] as number[])[j] = -second;
      (information[j] as number[])[i] = -second;
    }
  }
  const covariance = invert(information);
  return NAMES.map((_, i) => Math.sqrt((covariance[i] as number[])[i] as number));
}

function invert(matrix: number[][]): number[][] {
  const n = matrix.length;
  const rows = matrix.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    const size = (row: number) => Math.abs((rows[row] as number[])[column] as number);
    for (let row = column + 1; row < n; row++) if (size(row) > size(pivot)) pivot = row;
    [rows[column], rows[pivot]] = [rows[pivot] as number[], rows[column] as number[]];
    const lead = rows[column] as number[];
    const divisor = lead[column] as number;
    for (let k = 0; k < 2 * n; k++) lead[k] = (lead[k] as number) / divisor;
    for (let row = 0; row < n; row++) {
      if (row === column) continue;
      const target = rows[row] as number[];
      const factor = target[column] as number;
      for (let k = 0; k < 2 * n; k++) target[k] = (target[k] as number) - factor * (lead[k] as number);
    }
  }
  return rows.map((row) => row.slice(n));
}

describe('fitBgNbd recovers the parameters it simulated from', () => {
  // 20,000 customers each. Standard errors of the log parameters at this size (observed
  // information, and confirmed as the spread over 30 seeds): ~0.016-0.027 for ln r and ln α,
  // 0.025-0.09 for ln a and ln b, which the data pin down less (they trade off against each
  // other). Each estimate must be within 4 of its standard errors, and, as a plain reading of
  // the same thing, within 15% for r and α and 35% for a and b.
  const cases: Array<[name: string, params: BgNbdParams, T: number, seed: number]> = [
    ["the paper's CDNOW estimates (a < 1), 39 weeks", { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, 101],
    ['frequent visitors who rarely drop out', { r: 1.5, alpha: 2.0, a: 0.5, b: 8 }, 52, 202],
    ['a > 1: a quarter drop out after each visit', { r: 0.8, alpha: 5, a: 2.5, b: 6 }, 52, 303],
  ];

  it.each(cases)('%s', (_name, truth, T, seed) => {
    const data = prepareRfm(simulateBgNbd(truth, 20_000, T, seed));

    const fit = fitBgNbd(data);

    expect(fit.converged).toBe(true);
    // The maximum likelihood estimate is at least as likely as the truth, by definition.
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgNbdTotalLogLikelihood(truth, data));
    expect(fit.logLikelihood).toBeCloseTo(bgNbdTotalLogLikelihood(fit.params, data), 6);
    const errors = logStandardErrors(fit.params, data);
    NAMES.forEach((name, i) => {
      const logDeviation = Math.log(fit.params[name] / truth[name]);
      expect(Math.abs(logDeviation), name).toBeLessThanOrEqual(4 * (errors[i] as number));
      const tolerance = name === 'a' || name === 'b' ? 0.35 : 0.15;
      expect(Math.abs(fit.params[name] / truth[name] - 1), name).toBeLessThanOrEqual(tolerance);
    });
  });
});

describe('fitBgNbd', () => {
  const data = prepareRfm(simulateBgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 3000, 39, 5));

  it('is deterministic: the same data give the same fit', () => {
    expect(fitBgNbd(data)).toEqual(fitBgNbd(data));
  });

  it('lands on the same maximum from a far-off start', () => {
    const fromGuess = fitBgNbd(data);
    const fromFar = fitBgNbd(data, { start: { r: 20, alpha: 2000, a: 0.05, b: 50 } });
    expect(fromFar.logLikelihood).toBeCloseTo(fromGuess.logLikelihood, 5);
    for (const name of NAMES) expect(fromFar.params[name] / fromGuess.params[name]).toBeCloseTo(1, 3);
  });

  it('accepts plain summaries and reports its effort', () => {
    const fit = fitBgNbd(simulateBgNbd({ r: 0.8, alpha: 5, a: 2.5, b: 6 }, 500, 52, 9));
    expect(fit.iterations).toBeGreaterThan(0);
    expect(fit.evaluations).toBeGreaterThan(fit.iterations);
    expect(fit.restarts).toBeGreaterThanOrEqual(1);
  });

  it('refuses an empty customer list', () => {
    expect(() => fitBgNbd([])).toThrow(RangeError);
  });
});
