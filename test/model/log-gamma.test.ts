import { describe, expect, it } from 'vitest';
import { digamma, logGamma, logGammaSigned } from '#shared/model/log-gamma.ts';

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('logGamma', () => {
  it('matches closed forms: ln Γ(1/2) = ln √π and ln Γ(10) = ln 9!', () => {
    expect(relativeError(logGamma(0.5), 0.5 * Math.log(Math.PI))).toBeLessThanOrEqual(1e-15);
    expect(relativeError(logGamma(10), Math.log(362880))).toBeLessThanOrEqual(1e-15);
    expect(logGamma(1)).toBe(0);
    expect(logGamma(2)).toBe(0);
  });

  // mpmath 1.3, mp.dps = 40: loggamma(mpf(x)), rounded to double.
  const references: Array<[x: number, lnGamma: number]> = [
    [1e-300, 690.7755278982137],
    [1e-3, 6.907178885383853],
    [0.999999, 5.772164873855652e-7],
    [1.0000001, -5.772155829918507e-8],
    [1.4616321449683622, -0.12148629053584961],
    [1.9999999, -4.2278430309861296e-8],
    [2.0000003, 1.268353295317493e-7],
    [150, 600.0094705553274],
    [12345.678, 103959.91990554606],
    [1e100, 2.2925850929940456e102],
  ];
  it.each(references)('is within 1e-14 relative of mpmath at x = %s, also next to the zeros at 1 and 2', (x, value) => {
    expect(relativeError(logGamma(x), value)).toBeLessThanOrEqual(1e-14);
  });

  it('refuses x <= 0, where Γ has poles or changes sign', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(-1.5)).toThrow(RangeError);
    expect(() => logGamma(Number.NaN)).toThrow(RangeError);
  });
});

describe('logGammaSigned', () => {
  // mpmath, mp.dps = 40: log(abs(gamma(mpf(x)))) and the sign of gamma(mpf(x)).
  const references: Array<[x: number, log: number, sign: number]> = [
    [-0.5, 1.2655121234846454, -1],
    [-2.25, 0.5555015450206475, -1],
    [-150.7, -607.1748414376752, -1],
    [-1e-8, 18.42068074972452, -1],
  ];
  it.each(references)('gives ln|Γ| and the sign through reflection at x = %s', (x, log, sign) => {
    const result = logGammaSigned(x);
    expect(relativeError(result.log, log)).toBeLessThanOrEqual(1e-14);
    expect(result.sign).toBe(sign);
  });

  it('is positive for x > 0 and marks the poles with sign 0 (1/Γ = 0)', () => {
    expect(logGammaSigned(-1.5).sign).toBe(1);
    expect(logGammaSigned(3.5)).toEqual({ log: logGamma(3.5), sign: 1 });
    expect(logGammaSigned(-3)).toEqual({ log: Number.POSITIVE_INFINITY, sign: 0 });
    expect(logGammaSigned(0).sign).toBe(0);
  });
});

describe('digamma', () => {
  // mpmath, mp.dps = 40: psi(0, mpf(x)).
  const references: Array<[x: number, psi: number]> = [
    [1, -0.5772156649015329],
    [0.5, -1.9635100260214235],
    [1e-3, -1000.5755719318103],
    [30, 3.384438132685525],
    [-0.5, 0.03648997397857652],
    [-2.25, 4.158583564657972],
  ];
  it.each(references)('is within 1e-14 relative of mpmath at x = %s', (x, expected) => {
    expect(relativeError(digamma(x), expected)).toBeLessThanOrEqual(1e-14);
  });

  it('is within 1e-15 absolute next to its root 1.46163..., where relative error means nothing', () => {
    expect(Math.abs(digamma(1.4616321449683622))).toBeLessThanOrEqual(1e-15);
  });

  it('refuses the poles', () => {
    expect(() => digamma(0)).toThrow(RangeError);
    expect(() => digamma(-2)).toThrow(RangeError);
  });
});
