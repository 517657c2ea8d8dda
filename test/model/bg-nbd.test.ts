import { describe, expect, it } from 'vitest';
import {
  type BgNbdParams,
  bgNbdLogLikelihood,
  bgNbdTotalLogLikelihood,
  expectedVisits,
  expectedVisitsNew,
  pAlive,
  prepareRfm,
  type RfmSummary,
} from '#shared/model/bg-nbd.ts';

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

const PARAMS = {
  /** The paper's CDNOW estimates (weeks): a < 1. */
  cdnow: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  aAbove1: { r: 0.8, alpha: 5, a: 2.5, b: 6 },
  frequent: { r: 1.5, alpha: 2.0, a: 0.5, b: 8 },
  /** a + b < 1: for x = 0 the 2F1 has c = a + b - 1 < 0. */
  aPlusBBelow1: { r: 0.5, alpha: 3, a: 0.3, b: 0.4 },
  /** The paper's expression is 0/0 here. */
  aIsOne: { r: 0.243, alpha: 4.414, a: 1, b: 2.426 },
} satisfies Record<string, BgNbdParams>;
type ParamSet = keyof typeof PARAMS;

describe('bgNbdLogLikelihood', () => {
  // mpmath 1.3, mp.dps = 40, the paper's eq. 6 as printed (not the A1..A4 form under test):
  // log( B(a,b+x)/B(a,b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
  //    + δ(x>0) B(a+1,b+x-1)/B(a,b) · Γ(r+x) α^r / (Γ(r) (α+tx)^(r+x)) ).
  const references: Array<[ParamSet, RfmSummary, number]> = [
    ['cdnow', { x: 0, tx: 0, T: 38.86 }, -0.5547132764381585],
    ['cdnow', { x: 2, tx: 30.43, T: 38.86 }, -9.45860630706627],
    ['cdnow', { x: 50, tx: 37.5, T: 39 }, -47.279534593922726],
    ['cdnow', { x: 1, tx: 0.5, T: 20 }, -4.085250618191125],
    ['cdnow', { x: 7, tx: 10, T: 52 }, -16.70692824918488],
    ['cdnow', { x: 0, tx: 0, T: 5 }, -0.18405224234009063],
    ['aAbove1', { x: 0, tx: 0, T: 38.86 }, -1.7372518644445134],
    ['aAbove1', { x: 2, tx: 30.43, T: 38.86 }, -9.087997404947156],
    ['aAbove1', { x: 50, tx: 37.5, T: 39 }, -48.50740631254415],
    ['aAbove1', { x: 1, tx: 0.5, T: 20 }, -3.0818745334768383],
    ['aAbove1', { x: 7, tx: 10, T: 52 }, -15.218977414721108],
    ['aAbove1', { x: 0, tx: 0, T: 5 }, -0.5545177444479563],
  ];

  it.each(references)('matches the closed form for %s, %o, within 1e-12 relative', (set, customer, expected) => {
    expect(relativeError(bgNbdLogLikelihood(PARAMS[set], customer), expected)).toBeLessThanOrEqual(1e-12);
  });

  it('ignores tx when x = 0 (two purchases on the first day are still x = 0)', () => {
    const params = PARAMS.cdnow;
    const sameDay = bgNbdLogLikelihood(params, { x: 0, tx: 0.3, T: 20 });
    expect(sameDay).toBe(bgNbdLogLikelihood(params, { x: 0, tx: 0, T: 20 }));
  });

  it('refuses parameters <= 0 and summaries outside 0 <= tx <= T, naming the culprit', () => {
    expect(() => bgNbdLogLikelihood({ ...PARAMS.cdnow, alpha: 0 }, { x: 1, tx: 1, T: 2 })).toThrow(/alpha/);
    expect(() => bgNbdLogLikelihood(PARAMS.cdnow, { x: 1, tx: 3, T: 2 })).toThrow(/tx/);
    expect(() => bgNbdLogLikelihood(PARAMS.cdnow, { x: 1.5, tx: 1, T: 2 })).toThrow(/x must be/);
  });
});

describe('bgNbdTotalLogLikelihood', () => {
  const customers: RfmSummary[] = [
    { x: 0, tx: 0, T: 38.86 },
    { x: 2, tx: 30.43, T: 38.86 },
    { x: 0, tx: 0, T: 38.86 },
    { x: 50, tx: 37.5, T: 39 },
    { x: 2, tx: 30.43, T: 38.86 },
    { x: 1, tx: 0.5, T: 20 },
  ];

  it("is the sum of the customers' log-likelihoods", () => {
    const params = PARAMS.cdnow;
    const sum = customers.reduce((total, customer) => total + bgNbdLogLikelihood(params, customer), 0);
    expect(relativeError(bgNbdTotalLogLikelihood(params, customers), sum)).toBeLessThanOrEqual(1e-14);
  });

  it('gives the same total for grouped customers and for prepared data', () => {
    const params = PARAMS.frequent;
    const grouped = [
      { x: 0, tx: 0, T: 38.86, count: 2 },
      { x: 2, tx: 30.43, T: 38.86, count: 2 },
      { x: 50, tx: 37.5, T: 39, count: 1 },
      { x: 1, tx: 0.5, T: 20, count: 1 },
    ];
    const plain = bgNbdTotalLogLikelihood(params, customers);
    expect(relativeError(bgNbdTotalLogLikelihood(params, grouped), plain)).toBeLessThanOrEqual(1e-14);
    const prepared = prepareRfm(customers);
    expect(prepared.customers).toBe(6);
    expect(prepared.count.length).toBe(4);
    expect(bgNbdTotalLogLikelihood(params, prepared)).toBe(bgNbdTotalLogLikelihood(params, prepareRfm(grouped)));
  });
});

describe('pAlive', () => {
  // mpmath, mp.dps = 40: 1 / (1 + a/(b+x-1) · ((α+T)/(α+tx))^(r+x)).
  const references: Array<[ParamSet, RfmSummary, number]> = [
    ['cdnow', { x: 2, tx: 30.43, T: 38.86 }, 0.726578570080673],
    ['cdnow', { x: 50, tx: 37.5, T: 39 }, 0.9172402854703899],
    ['cdnow', { x: 1, tx: 0.5, T: 20 }, 0.294331637967334],
    ['cdnow', { x: 7, tx: 10, T: 52 }, 0.000541868444020438],
    ['aAbove1', { x: 2, tx: 30.43, T: 38.86 }, 0.6063455895298309],
    ['aAbove1', { x: 50, tx: 37.5, T: 39 }, 0.7906778408719949],
    ['aAbove1', { x: 1, tx: 0.5, T: 20 }, 0.1358774548241262],
    ['aAbove1', { x: 7, tx: 10, T: 52 }, 0.00014416723468939124],
    ['frequent', { x: 2, tx: 30.43, T: 38.86 }, 0.8891053337565252],
    ['frequent', { x: 50, tx: 37.5, T: 39 }, 0.9435727684132488],
    ['frequent', { x: 1, tx: 0.5, T: 20 }, 0.06511366126004559],
    ['frequent', { x: 7, tx: 10, T: 52 }, 7.849058661567291e-5],
  ];

  it.each(references)('matches mpmath for %s, %o, within 1e-9 relative', (set, customer, expected) => {
    expect(relativeError(pAlive(PARAMS[set], customer), expected)).toBeLessThanOrEqual(1e-9);
  });

  it('is 1 for a customer who never came back: dropping out only follows a repeat purchase', () => {
    expect(pAlive(PARAMS.cdnow, { x: 0, tx: 0, T: 100 })).toBe(1);
  });

  it('does not overflow for a heavy buyer long gone (the odds are ~e^4000)', () => {
    const p = pAlive(PARAMS.cdnow, { x: 2000, tx: 1, T: 52 });
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(1e-300);
    expect(pAlive(PARAMS.cdnow, { x: 2000, tx: 52, T: 52 })).toBeGreaterThan(0.99);
  });
});

describe('expectedVisits', () => {
  // mpmath, mp.dps = 40: the paper's eq. 10 as printed, with mpmath.hyp2f1. Checked against an
  // independent computation from the model itself: E[(1 - e^(-λpt))/p] over the posterior of
  // (λ, p) given (x, tx, T), λ integrated in closed form and p by mpmath.quad; the two agree to
  // <= 1e-37 (1e-19 for a + b < 1, x = 0). For a = 1 the printed form is 0/0 and the integral is
  // the reference; it agrees to 1e-40 with the printed form averaged at a = 1 ± 1e-20 (60 digits).
  const references: Array<[ParamSet, RfmSummary, number, number]> = [
    ['cdnow', { x: 0, tx: 0, T: 38.86 }, 1, 0.005595657889484052],
    ['cdnow', { x: 0, tx: 0, T: 38.86 }, 39, 0.19509805201126262],
    ['cdnow', { x: 0, tx: 0, T: 38.86 }, 200, 0.7559129066405801],
    ['cdnow', { x: 2, tx: 30.43, T: 38.86 }, 1, 0.037447969741732264],
    ['cdnow', { x: 2, tx: 30.43, T: 38.86 }, 39, 1.2260281747671444],
    ['cdnow', { x: 2, tx: 30.43, T: 38.86 }, 200, 4.185927065957687],
    ['cdnow', { x: 50, tx: 37.5, T: 39 }, 1, 1.0523087425640127],
    ['cdnow', { x: 50, tx: 37.5, T: 39 }, 39, 31.84092103370455],
    ['cdnow', { x: 50, tx: 37.5, T: 39 }, 200, 97.06089351652412],
    ['cdnow', { x: 1, tx: 0.5, T: 20 }, 39, 0.4559930254466027],
    ['cdnow', { x: 7, tx: 10, T: 52 }, 39, 0.0022600262701838905],
    ['cdnow', { x: 0, tx: 0, T: 5 }, 39, 0.6963023155013863],
    ['aAbove1', { x: 0, tx: 0, T: 38.86 }, 1, 0.018130627185321345],
    ['aAbove1', { x: 0, tx: 0, T: 38.86 }, 39, 0.5818468728102785],
    ['aAbove1', { x: 0, tx: 0, T: 38.86 }, 200, 1.8056752106917995],
    ['aAbove1', { x: 2, tx: 30.43, T: 38.86 }, 1, 0.03831392299809749],
    ['aAbove1', { x: 2, tx: 30.43, T: 38.86 }, 39, 1.0830918693180531],
    ['aAbove1', { x: 2, tx: 30.43, T: 38.86 }, 200, 2.606319476580305],
    ['aAbove1', { x: 50, tx: 37.5, T: 39 }, 1, 0.8904381137926444],
    ['aAbove1', { x: 50, tx: 37.5, T: 39 }, 39, 17.569042926502398],
    ['aAbove1', { x: 50, tx: 37.5, T: 39 }, 200, 27.603614284764173],
    ['aAbove1', { x: 1, tx: 0.5, T: 20 }, 39, 0.24696012785724322],
    ['aAbove1', { x: 7, tx: 10, T: 52 }, 39, 0.0005159994811419293],
    ['aAbove1', { x: 0, tx: 0, T: 5 }, 39, 1.655510662354072],
    ['frequent', { x: 0, tx: 0, T: 38.86 }, 1, 0.036644952831223106],
    ['frequent', { x: 0, tx: 0, T: 38.86 }, 39, 1.3454481681243227],
    ['frequent', { x: 0, tx: 0, T: 38.86 }, 200, 5.817090751550154],
    ['frequent', { x: 2, tx: 30.43, T: 38.86 }, 1, 0.07596074701804358],
    ['frequent', { x: 2, tx: 30.43, T: 38.86 }, 39, 2.7199557361521967],
    ['frequent', { x: 2, tx: 30.43, T: 38.86 }, 200, 11.148969280748219],
    ['frequent', { x: 50, tx: 37.5, T: 39 }, 1, 1.178803887037917],
    ['frequent', { x: 50, tx: 37.5, T: 39 }, 39, 39.15026784395307],
    ['frequent', { x: 50, tx: 37.5, T: 39 }, 200, 142.87958601079225],
    ['aPlusBBelow1', { x: 0, tx: 0, T: 38.86 }, 1, 0.011854230730853942],
    ['aPlusBBelow1', { x: 0, tx: 0, T: 38.86 }, 39, 0.3759447987300793],
    ['aPlusBBelow1', { x: 0, tx: 0, T: 38.86 }, 200, 1.3407519514973578],
    ['aPlusBBelow1', { x: 2, tx: 30.43, T: 38.86 }, 1, 0.04320516481969833],
    ['aPlusBBelow1', { x: 2, tx: 30.43, T: 38.86 }, 39, 1.4804920651588054],
    ['aPlusBBelow1', { x: 2, tx: 30.43, T: 38.86 }, 200, 5.919005435954289],
    ['aPlusBBelow1', { x: 50, tx: 37.5, T: 39 }, 1, 1.1540853184083502],
    ['aPlusBBelow1', { x: 50, tx: 37.5, T: 39 }, 39, 40.50722522764599],
    ['aPlusBBelow1', { x: 50, tx: 37.5, T: 39 }, 200, 166.8076913517756],
    ['aIsOne', { x: 0, tx: 0, T: 38.86 }, 1, 0.005592022989163222],
    ['aIsOne', { x: 0, tx: 0, T: 38.86 }, 39, 0.19107701257392298],
    ['aIsOne', { x: 0, tx: 0, T: 38.86 }, 200, 0.7060229970257129],
    ['aIsOne', { x: 2, tx: 30.43, T: 38.86 }, 1, 0.034911235843865095],
    ['aIsOne', { x: 2, tx: 30.43, T: 38.86 }, 39, 1.1021367860399558],
    ['aIsOne', { x: 2, tx: 30.43, T: 38.86 }, 200, 3.4732764421260054],
    ['aIsOne', { x: 50, tx: 37.5, T: 39 }, 1, 1.0277628417559421],
    ['aIsOne', { x: 50, tx: 37.5, T: 39 }, 39, 29.229942867727363],
    ['aIsOne', { x: 50, tx: 37.5, T: 39 }, 200, 79.49686429487996],
  ];

  it.each(references)('matches mpmath for %s, %o, t = %s, within 1e-9 relative', (set, customer, t, expected) => {
    expect(relativeError(expectedVisits(PARAMS[set], customer, t), expected)).toBeLessThanOrEqual(1e-9);
  });

  it("reproduces the paper's worked example: 1.226 visits in 39 weeks for x = 2, tx = 30.43, T = 38.86", () => {
    expect(expectedVisits(PARAMS.cdnow, { x: 2, tx: 30.43, T: 38.86 }, 39)).toBeCloseTo(1.226, 3);
  });

  it('grows with t from 0 at t = 0', () => {
    for (const params of Object.values(PARAMS)) {
      for (const customer of [
        { x: 0, tx: 0, T: 30 },
        { x: 4, tx: 20, T: 30 },
      ]) {
        expect(expectedVisits(params, customer, 0)).toBe(0);
        let previous = 0;
        for (const t of [0.01, 1, 5, 20, 52, 104, 520, 5200]) {
          const next = expectedVisits(params, customer, t);
          expect(next).toBeGreaterThan(previous);
          previous = next;
        }
      }
    }
  });

  it('is continuous through a = 1, where the printed form is 0/0', () => {
    const customer = { x: 3, tx: 20, T: 39 };
    const at = (a: number) => expectedVisits({ ...PARAMS.cdnow, a }, customer, 39);
    expect(relativeError(at(1 - 1e-9), at(1))).toBeLessThanOrEqual(1e-8);
    expect(relativeError(at(1 + 1e-9), at(1))).toBeLessThanOrEqual(1e-8);
  });

  it('stays finite for many repeat purchases and a long horizon, where 2F1 alone would overflow', () => {
    const value = expectedVisits(PARAMS.frequent, { x: 3000, tx: 51.9, T: 52 }, 5200);
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeGreaterThan(0);
  });
});

describe('expectedVisitsNew', () => {
  // mpmath, mp.dps = 40: the paper's eq. 7, (a+b-1)/(a-1) [1 - (α/(α+t))^r 2F1(r, b; a+b-1; t/(α+t))].
  const references: Array<[ParamSet, number, number]> = [
    ['cdnow', 39, 1.196723193320817],
    ['cdnow', 78, 1.8605190579427686],
    ['aAbove1', 39, 2.3447605474678124],
    ['aAbove1', 78, 3.032955702382102],
    ['aPlusBBelow1', 39, 2.7232530635370567],
    ['aPlusBBelow1', 78, 4.397794214993308],
  ];

  it.each(references)('matches eq. 7 for %s at t = %s within 1e-9 relative', (set, t, expected) => {
    expect(relativeError(expectedVisitsNew(PARAMS[set], t), expected)).toBeLessThanOrEqual(1e-9);
  });
});
