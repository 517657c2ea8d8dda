import { assertBgNbdParams, type BgNbdParams, type RfmSummary } from './bg-nbd.ts';
import { seededUniform53 } from './seeded-random.ts';

/**
 * Draws customers from the BG/NBD process: λ ~ Gamma(r, rate α), p ~ Beta(a, b); the first
 * purchase at time 0, then purchases at Poisson rate λ, and after each repeat purchase the
 * customer drops out for good with probability p; observed until T (one age for all, or one
 * per customer). Deterministic for a seed, so tests and benchmarks see the same customers.
 */
export function simulateBgNbd(
  params: BgNbdParams,
  n: number,
  T: number | readonly number[],
  seed: number,
): RfmSummary[] {
  assertBgNbdParams(params);
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`n must be a whole number >= 0, got ${n}`);
  if (typeof T !== 'number' && T.length !== n) throw new RangeError(`T has ${T.length} ages for ${n} customers`);
  const random = seededUniform53(seed);
  const { r, alpha, a, b } = params;
  const customers: RfmSummary[] = [];
  for (let i = 0; i < n; i++) {
    const age = typeof T === 'number' ? T : (T[i] as number);
    if (!(age >= 0 && Number.isFinite(age))) throw new RangeError(`T must be finite and >= 0, got ${age}`);
    const lambda = Math.exp(logGammaVariate(r, random)) / alpha;
    // Beta(a, b) as G_a / (G_a + G_b), in logs so that small shapes cannot underflow to 0/0.
    const p = 1 / (1 + Math.exp(logGammaVariate(b, random) - logGammaVariate(a, random)));
    let x = 0;
    let tx = 0;
    let time = 0;
    while (lambda > 0) {
      time += -Math.log(random()) / lambda;
      if (time > age) break;
      x += 1;
      tx = time;
      if (random() < p) break;
    }
    customers.push({ x, tx, T: age });
  }
  return customers;
}

function standardNormal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
}

/**
 * ln of a Gamma(shape, 1) draw: Marsaglia & Tsang (2000) for shape >= 1; below 1 their boost
 * G(shape) = G(shape + 1) · U^(1/shape), kept in logs because U^(1/shape) underflows for small
 * shapes.
 */
export function logGammaVariate(shape: number, random: () => number): number {
  if (shape < 1) return logGammaVariate(shape + 1, random) + Math.log(random()) / shape;
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(random);
    const root = 1 + c * x;
    if (root <= 0) continue;
    const v = root * root * root;
    const u = random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return Math.log(d * v);
  }
}
