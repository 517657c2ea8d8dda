import { hyp2f1WithError, hypergeometricSeries } from './hypergeometric-2f1.ts';
import { logGamma } from './log-gamma.ts';

/**
 * The BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way", Marketing
 * Science 24(2)). While alive a customer buys at Poisson rate λ ~ Gamma(r, rate α); after each
 * repeat purchase they drop out for good with probability p ~ Beta(a, b).
 */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** One customer as the model sees them, in any time unit as long as it is the same throughout. */
export interface RfmSummary {
  /** Repeat purchases (all purchases but the first). */
  x: number;
  /** Time of the last purchase, counted from the first; ignored when x = 0. */
  tx: number;
  /** Age: the end of the observation, counted from the first purchase. */
  T: number;
}

/** `count` customers with the same summary. */
export interface RfmGroup extends RfmSummary {
  count: number;
}

/**
 * Customers packed for repeated likelihood evaluations: identical summaries merged (every x = 0
 * customer of one age is the same row), and x replaced by an index into its distinct values so
 * the ln Γ terms, which depend on x alone, are computed once per value and call.
 */
export interface PreparedRfm {
  /** Customers, Σ count. */
  readonly customers: number;
  /** The distinct values of x. */
  readonly xValues: Float64Array;
  readonly xIndex: Uint32Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly count: Float64Array;
}

export function assertBgNbdParams(params: BgNbdParams): void {
  for (const name of ['r', 'alpha', 'a', 'b'] as const) {
    const value = params[name];
    if (!(value > 0 && Number.isFinite(value))) {
      throw new RangeError(`BG/NBD parameter ${name} must be finite and > 0, got ${value}`);
    }
  }
}

export function assertRfmSummary(customer: RfmSummary): void {
  const { x, tx, T } = customer;
  if (!(Number.isInteger(x) && x >= 0)) throw new RangeError(`x must be a whole number >= 0, got ${x}`);
  if (!(T >= 0 && Number.isFinite(T))) throw new RangeError(`T must be finite and >= 0, got ${T}`);
  if (!(tx >= 0 && tx <= T)) throw new RangeError(`tx must be in [0, T = ${T}], got ${tx}`);
}

export function prepareRfm(customers: ReadonlyArray<RfmSummary | RfmGroup>): PreparedRfm {
  const rows = new Map<string, { x: number; tx: number; T: number; count: number }>();
  let total = 0;
  for (const customer of customers) {
    assertRfmSummary(customer);
    const count = 'count' in customer ? customer.count : 1;
    if (!(count >= 0 && Number.isFinite(count))) throw new RangeError(`count must be finite and >= 0, got ${count}`);
    if (count === 0) continue;
    const tx = customer.x === 0 ? 0 : customer.tx;
    const key = `${customer.x}|${tx}|${customer.T}`;
    const row = rows.get(key);
    if (row) row.count += count;
    else rows.set(key, { x: customer.x, tx, T: customer.T, count });
    total += count;
  }
  const xValues = [...new Set([...rows.values()].map((row) => row.x))].sort((p, q) => p - q);
  const level = new Map(xValues.map((x, i) => [x, i]));
  const size = rows.size;
  const prepared = {
    customers: total,
    xValues: Float64Array.from(xValues),
    xIndex: new Uint32Array(size),
    tx: new Float64Array(size),
    T: new Float64Array(size),
    count: new Float64Array(size),
  };
  let i = 0;
  for (const row of rows.values()) {
    prepared.xIndex[i] = level.get(row.x) as number;
    prepared.tx[i] = row.tx;
    prepared.T[i] = row.T;
    prepared.count[i] = row.count;
    i += 1;
  }
  return prepared;
}

/** ln(e^u + e^v) for v <= u, without overflow: u + ln(1 + e^(v-u)). */
function softplus(d: number): number {
  return d > 0 ? d + Math.log1p(Math.exp(-d)) : Math.log1p(Math.exp(d));
}

/**
 * One customer's log-likelihood (the paper's eq. 6, in the stable form of Fader, Hardie & Lee's
 * note "Implementing the BG/NBD model"):
 * LL = A1 + A2 + ln(e^A3 + δ(x>0) e^A4), with
 * A1 = lnΓ(r+x) - lnΓ(r) + r ln α, A2 = lnΓ(a+b) + lnΓ(b+x) - lnΓ(b) - lnΓ(a+b+x),
 * A3 = -(r+x) ln(α+T), A4 = ln a - ln(b+x-1) - (r+x) ln(α+tx).
 */
export function bgNbdLogLikelihood(params: BgNbdParams, customer: RfmSummary): number {
  assertBgNbdParams(params);
  assertRfmSummary(customer);
  const { r, alpha, a, b } = params;
  const { x, tx, T } = customer;
  const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const a2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return a1 + a2 + a3;
  return a1 + a2 + a3 + softplus(logOddsDead(params, x, tx, T));
}

/**
 * A4 - A3 = ln a - ln(b+x-1) + (r+x) ln((α+T)/(α+tx)): the log odds that a customer with x > 0
 * has dropped out rather than being alive. log1p keeps the ratio exact when tx is close to T.
 */
function logOddsDead(params: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  return Math.log(a) - Math.log(b + x - 1) + (r + x) * Math.log1p((T - tx) / (alpha + tx));
}

/**
 * Σ count · LL over the customers. The fitter calls this ~1000 times on 100,000 customers, so
 * pass `prepareRfm(customers)` to pay for validation and grouping once; a plain array is
 * prepared on every call.
 */
export function bgNbdTotalLogLikelihood(
  params: BgNbdParams,
  customers: ReadonlyArray<RfmSummary | RfmGroup> | PreparedRfm,
): number {
  assertBgNbdParams(params);
  const data = isPrepared(customers) ? customers : prepareRfm(customers);
  const { r, alpha, a, b } = params;
  const levels = data.xValues.length;
  // Per distinct x: lnΓ(r+x) + lnΓ(b+x) - lnΓ(a+b+x), and ln a - ln(b+x-1).
  const byX = new Float64Array(levels);
  const oddsByX = new Float64Array(levels);
  for (let k = 0; k < levels; k++) {
    const x = data.xValues[k] as number;
    byX[k] = logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x);
    oddsByX[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : Number.NEGATIVE_INFINITY;
  }
  const { xIndex, tx, T, count } = data;
  const { xValues } = data;
  let sum = 0;
  for (let i = 0; i < count.length; i++) {
    const k = xIndex[i] as number;
    const x = xValues[k] as number;
    const rx = r + x;
    const ti = T[i] as number;
    let ll = (byX[k] as number) - rx * Math.log(alpha + ti);
    if (x > 0) {
      const txi = tx[i] as number;
      ll += softplus((oddsByX[k] as number) + rx * Math.log1p((ti - txi) / (alpha + txi)));
    }
    sum += (count[i] as number) * ll;
  }
  const perCustomer = -logGamma(r) + r * Math.log(alpha) + logGamma(a + b) - logGamma(b);
  return sum + data.customers * perCustomer;
}

function isPrepared(customers: ReadonlyArray<RfmSummary | RfmGroup> | PreparedRfm): customers is PreparedRfm {
  return !Array.isArray(customers);
}

/**
 * P(alive at T | x, tx, T) = 1 / (1 + δ(x>0) · a/(b+x-1) · ((α+T)/(α+tx))^(r+x)), through the log
 * odds so that large x cannot overflow. 1 for x = 0: dropping out only happens after a repeat
 * purchase, so a customer who never came back cannot have dropped out.
 */
export function pAlive(params: BgNbdParams, customer: RfmSummary): number {
  assertBgNbdParams(params);
  assertRfmSummary(customer);
  const { x, tx, T } = customer;
  if (x === 0) return 1;
  return aliveFromLogOdds(logOddsDead(params, x, tx, T));
}

function aliveFromLogOdds(logOddsDead: number): number {
  if (logOddsDead > 0) {
    const odds = Math.exp(-logOddsDead);
    return odds / (1 + odds);
  }
  return 1 / (1 + Math.exp(logOddsDead));
}

const EXPECTATION_GOOD_ENOUGH = 1e-13;
const EXPECTATION_REFUSE_ABOVE = 1e-8;

/**
 * E[Y(t) | x, tx, T], the expected purchases in the next t (the paper's eq. 10):
 *   (a+b+x-1)/(a-1) · [1 - (1-z)^(r+x) 2F1(r+x, b+x; a+b+x-1; z)] · P(alive),  z = t/(α+T+t).
 *
 * As written it is 0/0 at a = 1 and loses digits near it, 2F1 can overflow for large x as z
 * nears 1 (it grows like (1-z)^(a-1-r-x)), and c = a+b+x-1 can be <= 0 when x = 0. Euler's
 * transformation gives (1-z)^(r+x) 2F1(...) = (1-z)^(a-1) F(a', a-1; c; z) with a' = a+b-1-r,
 * and F(a', a-1; c; z) = 1 + (a-1)·G where G sums (a')n (a)n-1 / ((c)n n!) z^n from n = 1;
 * with H = (1 - (1-z)^(a-1))/(a-1) = -expm1((a-1) ln(1-z))/(a-1) the bracket divided by (a-1) is
 *   H - (1-z)^(a-1) G,
 * which has no 0/0, no overflow and (c folded into G's Pochhammer) no pole at c = 0. That is the
 * primary route. Its series alternates when a' is large and negative (r >> a+b, x small), so
 * when its error estimate is worse than 1e-13, 2F1 is also evaluated (hyp2f1, with its own
 * transformations) on the formula as written, whose terms are all positive, and on its Euler
 * form; the best estimate wins. What is left: a within ~1e-6 of 1 together with r >~ 30 and a
 * horizon t >~ 100 (α+T) (z > 0.99): 0/0 in the hyp2f1 routes and cancellation in the series;
 * that throws rather than return a wrong number.
 *
 * a <= 1: the expression as printed is still right, as the analytic continuation in a (for
 * a < 1 the prefactor (a+b+x-1)/(a-1) turns negative, unless a+b+x < 1, and the bracket turns
 * with it; at a = 1 it is the limit). Checked
 * against an independent computation from the model's definition: E[(1 - e^(-λpt))/p] over the
 * posterior of (λ, p) given (x, tx, T), λ integrated in closed form and p numerically
 * (mpmath.quad, 40 digits). It agrees with the printed form to 1e-37 for a = 0.3, 0.5, 0.793
 * and 2.5, also for a + b < 1 with x = 0 (c < 0; 1e-19, the quadrature's limit there), and gives
 * the a = 1 values; see test/model/bg-nbd.test.ts. This module matches those to <= 3e-15.
 */
export function expectedVisits(params: BgNbdParams, customer: RfmSummary, t: number): number {
  assertBgNbdParams(params);
  assertRfmSummary(customer);
  if (!(t >= 0 && Number.isFinite(t))) throw new RangeError(`t must be finite and >= 0, got ${t}`);
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const { x, tx, T } = customer;
  const logOneMinusZ = -Math.log1p(t / (alpha + T));
  const z = t / (alpha + T + t);
  const c = a + b + x - 1;
  const am1 = a - 1;
  const alive = x === 0 ? 1 : aliveFromLogOdds(logOddsDead(params, x, tx, T));

  let best = bracketViaEulerSeries(r, a, b, c, z, logOneMinusZ);
  if (!(best.error <= EXPECTATION_GOOD_ENOUGH) && am1 !== 0 && !(c <= 0 && Number.isInteger(c))) {
    for (const [p, q, power] of [
      [r + x, b + x, r + x],
      [a + b - 1 - r, am1, am1],
    ] as const) {
      const candidate = bracketFromHyp2f1(p, q, c, power, am1, z, logOneMinusZ);
      if (candidate.error < best.error) best = candidate;
    }
  }
  if (!(best.error <= EXPECTATION_REFUSE_ABOVE)) {
    throw new Error(
      `expectedVisits: no evaluation reached ${EXPECTATION_REFUSE_ABOVE} relative accuracy for ` +
        `${JSON.stringify(params)}, ${JSON.stringify(customer)}, t = ${t} (estimate ${best.value})`,
    );
  }
  return best.value * alive;
}

interface BracketEstimate {
  /** (a+b+x-1)/(a-1) · [1 - (1-z)^(r+x) 2F1(r+x, b+x; a+b+x-1; z)] */
  value: number;
  error: number;
}

function bracketViaEulerSeries(
  r: number,
  a: number,
  b: number,
  c: number,
  z: number,
  logOneMinusZ: number,
): BracketEstimate {
  const am1 = a - 1;
  const scaledLog = am1 * logOneMinusZ;
  const h = scaledLog === 0 ? -logOneMinusZ : (Math.expm1(scaledLog) / scaledLog) * -logOneMinusZ;
  const weight = Math.exp(scaledLog);
  const aPrime = a + b - 1 - r;
  // c·G = Σ_{n>=1} (a')n (a)n-1 / ((c+1)n-1 n!) z^n = a' z · Σ_j (a'+1)j (a)j / ((c+1)j (2)j) z^j.
  const series = aPrime === 0 ? { sum: 0, absSum: 0, terms: 0 } : hypergeometricSeries(aPrime + 1, a, c + 1, 2, z);
  if (series === undefined) return { value: Number.NaN, error: Number.POSITIVE_INFINITY };
  const cG = aPrime * z * series.sum;
  const value = c * h - weight * cG;
  const cancelled =
    Math.abs(c * h) + (Math.abs(weight * aPrime * z) * series.absSum * (1 + Math.sqrt(series.terms))) / 4;
  return { value, error: (2 * Number.EPSILON * cancelled) / Math.abs(value) };
}

/** c/(a-1) · [1 - (1-z)^power · 2F1(p, q; c; z)], as written (power = r+x) or after Euler (power = a-1). */
function bracketFromHyp2f1(
  p: number,
  q: number,
  c: number,
  power: number,
  am1: number,
  z: number,
  logOneMinusZ: number,
): BracketEstimate {
  const f = hyp2f1WithError(p, q, c, z);
  if (!Number.isFinite(f.value) || f.value === 0) return { value: Number.NaN, error: Number.POSITIVE_INFINITY };
  // In log space: (1-z)^power can underflow while the product is of order 1.
  const product = Math.sign(f.value) * Math.exp(power * logOneMinusZ + Math.log(Math.abs(f.value)));
  const value = (c * (1 - product)) / am1;
  const error =
    (Math.abs(product) * (f.error + Number.EPSILON * Math.abs(power * logOneMinusZ)) + Number.EPSILON) /
    Math.abs(1 - product);
  return { value, error: error + Number.EPSILON };
}

/** E[X(t)] for a customer just acquired (the paper's eq. 7): expectedVisits with x = tx = T = 0. */
export function expectedVisitsNew(params: BgNbdParams, t: number): number {
  return expectedVisits(params, { x: 0, tx: 0, T: 0 }, t);
}

/**
 * The probability of no visit in the next `t`: a customer who has dropped out makes none, and one
 * still active makes none with probability E[e^(−λt)] over the posterior Gamma(r+x, α+T) of their
 * rate (dropping out only ever follows a visit). The risk a store reads: higher, less likely back.
 */
export function noReturnProbability(params: BgNbdParams, customer: RfmSummary, t: number): number {
  if (!(t >= 0)) throw new RangeError(`t must be >= 0, got ${t}`);
  const { r, alpha } = params;
  const stayAway = Math.exp((r + customer.x) * (Math.log(alpha + customer.T) - Math.log(alpha + customer.T + t)));
  return 1 - pAlive(params, customer) * (1 - stayAway);
}
