import { describe, expect, it } from 'vitest';
import { hyp2f1, hyp2f1WithError } from '#shared/model/hypergeometric-2f1.ts';

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('hyp2f1 against mpmath', () => {
  // mpmath 1.3, mp.dps = 40: hyp2f1(mpf(a), mpf(b), mpf(c), mpf(z)) with the same doubles as
  // arguments, rounded to double. Every case must be within 1e-10 relative; the implementation
  // measures <= 3e-13 on all of these (and on ~2,400 random points, see the module comment).
  const references: Array<[what: string, a: number, b: number, c: number, z: number, value: number]> = [
    ['small z', 1.5, 2.5, 3.7, 0.01, 1.0102303551971927],
    ['BG/NBD-shaped, z = 0.3', 0.243, 2.426, 3.219, 0.3, 1.0652775568951516],
    ['z = 0.5', 2.5, 1.3, 4.1, 0.5, 1.6625794985627385],
    ['z = 0.9, the last direct-series point', 1.2, 3.4, 2.8, 0.9, 39.72656130782682],
    ['z = 0.95, through 1 - z', 0.7, 1.9, 3.3, 0.95, 2.1577652183806766],
    ['z = 0.99, c - a - b < 0 (F diverges as z -> 1)', 2.243, 4.426, 3.219, 0.99, 5234581.241300135],
    ['z = 0.999, c - a - b = 1.5', 1.5, 2.5, 5.5, 0.999, 3.8397211514794765],
    ['a = b = 200, c = 400, z = 0.5', 200, 200, 400, 0.5, 3.2673452866851234e27],
    ['a = b = 200, c = 400, z = 0.95', 200, 200, 400, 0.95, 2.9292166783507552e85],
    ['a = b = 200, c = 400, z = 0.999', 200, 200, 400, 0.999, 2.898966887296801e115],
    ['a = b = 200, c = 400.5 (15.3.6 cancels; direct series)', 200, 200, 400.5, 0.95, 1.7727893382326795e85],
    ['c - a - b = 0 exactly (A&S 15.3.10)', 0.7, 1.3, 2.0, 0.95, 2.897546255312291],
    ['c - a - b = 2 exactly (A&S 15.3.11)', 0.7, 1.3, 4.0, 0.999, 1.4462002647914363],
    ['c - a - b = -1 exactly (Euler, then 15.3.11)', 1.7, 2.3, 3.0, 0.99, 182.264741899904],
    ['c - a - b = 1e-10', 0.7, 1.3, 2.0000000001, 0.99, 4.191203217023037],
    ['c - a - b = -2 + 3e-7 at z = 0.9999', 2.5, 1.5, 2.0000003, 0.9999, 84884523.13564861],
    ['c - a - b = 1 + 1e-6 at z = 0.99999', 3.5, 2.0, 6.5 + 1e-6, 0.99999, 12.367149073861814],
    ['a polynomial (a = -3)', -3, 2.5, 1.5, 0.97, -0.001719000000000003],
    ['negative non-integer c', 1.2, 0.8, -0.5, 0.6, -19.735776362386314],
    ['large a and b, z = 0.3', 52.243, 50.0, 51.0, 0.3, 85992091.97752015],
    ['alternating terms (a = -47.2)', -47.2, -0.2, 2.8, 0.5, 1.6060180847524521],
    ['tiny c', 0.3, 0.4, 1e-7, 0.7, 2403283.66165826],
  ];

  it.each(references)('%s: within 1e-10 relative', (_what, a, b, c, z, expected) => {
    expect(relativeError(hyp2f1(a, b, c, z), expected)).toBeLessThanOrEqual(1e-10);
  });

  it('reports an error estimate no more than 4x below the actual error (an order of magnitude, not a bound)', () => {
    // On the ~2,400-point sweep the actual error is a median 0.3x and at most 3x the estimate.
    for (const [, a, b, c, z, expected] of references) {
      const { value, error } = hyp2f1WithError(a, b, c, z);
      expect(relativeError(value, expected)).toBeLessThanOrEqual(Math.max(4 * error, 1e-15));
    }
  });
});

describe('hyp2f1 identities', () => {
  it('reduces to (1 - z)^-a when c = b', () => {
    for (const z of [0.2, 0.9, 0.97, 0.9999]) {
      expect(relativeError(hyp2f1(1.7, 2.3, 2.3, z), (1 - z) ** -1.7)).toBeLessThanOrEqual(1e-13);
    }
  });

  it('gives -ln(1 - z)/z for a = b = 1, c = 2 (an integer gap, c - a - b = 0)', () => {
    for (const z of [0.1, 0.5, 0.95, 0.999999]) {
      expect(relativeError(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z)).toBeLessThanOrEqual(1e-13);
    }
  });

  it('is 1 at z = 0 and when a or b is 0', () => {
    expect(hyp2f1(3, 4, 5, 0)).toBe(1);
    expect(hyp2f1(0, 4, 5, 0.99)).toBe(1);
  });

  it('stays accurate on both sides of the switch to interpolation at |c - a - b - m| = 1e-4', () => {
    // mpmath, mp.dps = 40, with c = 3.75 + 1 + gap as a double.
    const sides: Array<[gap: number, value: number]> = [
      [0.99e-4, 4.394428237763756],
      [1.01e-4, 4.394421252463532],
      [-0.99e-4, 4.395119919709913],
      [-1.01e-4, 4.3951269077826085],
    ];
    for (const [gap, expected] of sides) {
      expect(relativeError(hyp2f1(1.25, 2.5, 3.75 + 1 + gap, 0.9999), expected)).toBeLessThanOrEqual(1e-11);
    }
  });
});

describe('hyp2f1 arguments', () => {
  it('throws a RangeError naming z outside [0, 1)', () => {
    expect(() => hyp2f1(1, 2, 3, 1)).toThrow(/z must be in \[0, 1\)/);
    expect(() => hyp2f1(1, 2, 3, -0.1)).toThrow(RangeError);
    expect(() => hyp2f1(1, 2, 3, Number.NaN)).toThrow(RangeError);
  });

  it('throws a RangeError naming c at its poles (0, -1, -2, ...)', () => {
    expect(() => hyp2f1(1, 2, -2, 0.5)).toThrow(/c must not be 0 or a negative integer/);
    expect(() => hyp2f1(1, 2, 0, 0.5)).toThrow(RangeError);
  });

  it('throws a RangeError naming a non-finite a or b', () => {
    expect(() => hyp2f1(Number.POSITIVE_INFINITY, 2, 3, 0.5)).toThrow(/a must be finite/);
    expect(() => hyp2f1(1, Number.NaN, 3, 0.5)).toThrow(/b must be finite/);
  });

  it('refuses, rather than returns, an answer it cannot vouch for to 1e-8', () => {
    // Large parameters of both signs: the terms alternate and cancel ~10 digits (mpmath: 73839.68...).
    expect(() => hyp2f1(-20.543232991367915, 26.848378184320488, -4.436128307111858, 0.3)).toThrow(/no method reached/);
  });
});
