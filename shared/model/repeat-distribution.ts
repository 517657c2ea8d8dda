import type { BgNbdParams } from './bg-nbd.ts';
import { logGamma } from './log-gamma.ts';

const logBeta = (a: number, b: number): number => logGamma(a) + logGamma(b) - logGamma(a + b);

/**
 * P(X(t) = x): the probability that a customer makes x repeat visits in a period of length t
 * after the first (Fader, Hardie & Lee 2005, eq. 8), for x = 0 .. maxX. Computed in logs, the
 * NBD terms by recurrence, so long periods and large x neither overflow nor lose digits.
 */
export function repeatVisitProbabilities({ r, alpha, a, b }: BgNbdParams, t: number, maxX: number): number[] {
  const logStay = r * Math.log(alpha / (alpha + t));
  const logRate = Math.log(t / (alpha + t));
  const probabilities: number[] = [];
  // The NBD term Γ(r+j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j, and the running sum of those below x.
  let logNbd = logStay;
  let nbdBelow = 0;
  for (let x = 0; x <= maxX; x++) {
    if (x > 0) logNbd += Math.log((r + x - 1) / x) + logRate;
    const alive = Math.exp(logBeta(a, b + x) - logBeta(a, b) + logNbd);
    const droppedOut = x > 0 ? Math.exp(logBeta(a + 1, b + x - 1) - logBeta(a, b)) * Math.max(0, 1 - nbdBelow) : 0;
    probabilities.push(alive + droppedOut);
    nbdBelow += Math.exp(logNbd);
  }
  return probabilities;
}

/**
 * The fit's check: how many customers made 0, 1, 2 ... `top`+ repeat visits, against how many
 * the fitted model expects given each customer's own age T.
 */
export function repeatVisitCalibration(
  params: BgNbdParams,
  customers: ReadonlyArray<{ x: number; T: number }>,
  top = 7,
): Array<{ repeats: string; actual: number; expected: number }> {
  const actual = Array.from({ length: top + 1 }, () => 0);
  const expected = Array.from({ length: top + 1 }, () => 0);
  // Customers of the same age share their probabilities.
  const byAge = new Map<number, number>();
  for (const { x, T } of customers) {
    actual[Math.min(x, top)] = (actual[Math.min(x, top)] ?? 0) + 1;
    byAge.set(T, (byAge.get(T) ?? 0) + 1);
  }
  for (const [T, count] of byAge) {
    const p = repeatVisitProbabilities(params, T, top - 1);
    const below = p.reduce((sum, value) => sum + value, 0);
    for (const [x, value] of p.entries()) expected[x] = (expected[x] ?? 0) + count * value;
    expected[top] = (expected[top] ?? 0) + count * Math.max(0, 1 - below);
  }
  return actual.map((n, x) => ({ repeats: x === top ? `${top}+` : String(x), actual: n, expected: expected[x] ?? 0 }));
}
