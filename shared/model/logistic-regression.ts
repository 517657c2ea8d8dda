/**
 * L2-regularised logistic regression, fitted by Newton's method (iteratively reweighted least
 * squares) with a backtracking line search. It minimises
 *
 *   L(β0, β) = Σ_i w_i · [log(1 + e^(η_i)) − y_i η_i] + λ/2 · Σ_j β_j²,   η_i = β0 + x_i·β,
 *
 * the negative log-likelihood plus a ridge penalty on the slopes (never on the intercept, so the
 * fitted mean matches the data's). y may be fractional (Platt's smoothed targets), w are case
 * weights. L is strictly convex for λ > 0, so the minimum is unique and Newton's method finds it
 * from any start; on separable data (where the unpenalised fit runs off to infinity) the penalty
 * keeps it finite. No randomness: the same data gives the same coefficients, bit for bit.
 *
 * Hand-written rather than a package: npm's candidates (`ml-logistic-regression`,
 * `js-regression`) fit by plain gradient descent with a fixed learning rate and iteration count,
 * which neither converges reliably nor stops on a criterion; Newton on a handful of features is
 * ~100 lines and is tested against the published Challenger fits (test/model/logistic-regression.test.ts).
 */

export interface LogisticFitOptions {
  /** Ridge penalty λ on the slopes, in units of the loss summed over the (weighted) cases. Default 1. */
  lambda?: number;
  /** Case weights, default 1 each. */
  weights?: ArrayLike<number>;
  /** Stop when the largest gradient component is below this times the total weight. Default 1e-12. */
  tolerance?: number;
  /** Newton steps allowed. Default 100. */
  maxIterations?: number;
}

export interface LogisticFit {
  intercept: number;
  coefficients: number[];
  /** The penalised loss L at the solution, and its unpenalised part (the negative log-likelihood). */
  loss: number;
  negativeLogLikelihood: number;
  iterations: number;
  converged: boolean;
}

/** log(1 + e^η) without overflow. */
export function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

/** 1 / (1 + e^(−η)) without overflow. */
export function sigmoid(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}

/** ln(p / (1 − p)), with p kept inside [ε, 1 − ε] so that certain outcomes give large but finite log-odds. */
export function logit(p: number, epsilon = 1e-9): number {
  const q = Math.min(1 - epsilon, Math.max(epsilon, p));
  return Math.log(q / (1 - q));
}

/**
 * Fits the model on rows of features `x` (all the same length) and outcomes `y` in [0, 1].
 * Features should be on comparable scales (see `Standardiser`) for the penalty to treat them alike.
 */
export function fitLogistic(
  x: ReadonlyArray<ArrayLike<number>>,
  y: ArrayLike<number>,
  options: LogisticFitOptions = {},
): LogisticFit {
  const n = x.length;
  if (n === 0) throw new RangeError('fitLogistic needs at least one case');
  if (y.length !== n) throw new RangeError(`${n} rows but ${y.length} outcomes`);
  const d = (x[0] as ArrayLike<number>).length;
  const lambda = options.lambda ?? 1;
  if (!(lambda >= 0 && Number.isFinite(lambda))) throw new RangeError(`lambda must be finite and >= 0, got ${lambda}`);
  const weights = options.weights;
  if (weights !== undefined && weights.length !== n) throw new RangeError(`${n} rows but ${weights.length} weights`);
  const weightOf = (i: number): number => (weights === undefined ? 1 : (weights[i] as number));
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    const row = x[i] as ArrayLike<number>;
    if (row.length !== d) throw new RangeError(`row ${i} has ${row.length} features, expected ${d}`);
    for (let j = 0; j < d; j++)
      if (!Number.isFinite(row[j] as number)) throw new RangeError(`row ${i}, feature ${j} is not a finite number`);
    const yi = y[i] as number;
    if (!(yi >= 0 && yi <= 1)) throw new RangeError(`outcome ${i} must be in [0, 1], got ${yi}`);
    const w = weightOf(i);
    if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`weight ${i} must be finite and >= 0, got ${w}`);
    totalWeight += w;
  }
  if (!(totalWeight > 0)) throw new RangeError('fitLogistic needs a positive total weight');
  const tolerance = (options.tolerance ?? 1e-12) * totalWeight;
  const maxIterations = options.maxIterations ?? 100;
  const p = d + 1;

  // θ = (β0, β1..βd). Start at the intercept that matches the mean outcome, slopes 0.
  const theta = new Float64Array(p);
  let meanY = 0;
  for (let i = 0; i < n; i++) meanY += weightOf(i) * (y[i] as number);
  meanY /= totalWeight;
  theta[0] = logit(meanY, 1e-6);

  const eta = (t: Float64Array, row: ArrayLike<number>): number => {
    let value = t[0] as number;
    for (let j = 0; j < d; j++) value += (t[j + 1] as number) * (row[j] as number);
    return value;
  };
  const lossAt = (t: Float64Array): { loss: number; nll: number } => {
    let nll = 0;
    for (let i = 0; i < n; i++) {
      const e = eta(t, x[i] as ArrayLike<number>);
      nll += weightOf(i) * (softplus(e) - (y[i] as number) * e);
    }
    let penalty = 0;
    for (let j = 1; j < p; j++) penalty += (t[j] as number) ** 2;
    return { loss: nll + (lambda / 2) * penalty, nll };
  };

  let current = lossAt(theta);
  let iterations = 0;
  let converged = false;
  const gradient = new Float64Array(p);
  const hessian = new Float64Array(p * p);
  while (iterations < maxIterations) {
    gradient.fill(0);
    hessian.fill(0);
    for (let i = 0; i < n; i++) {
      const row = x[i] as ArrayLike<number>;
      const w = weightOf(i);
      if (w === 0) continue;
      const mu = sigmoid(eta(theta, row));
      const residual = w * (mu - (y[i] as number));
      const curvature = w * mu * (1 - mu);
      gradient[0] = (gradient[0] as number) + residual;
      hessian[0] = (hessian[0] as number) + curvature;
      for (let j = 0; j < d; j++) {
        const xj = row[j] as number;
        gradient[j + 1] = (gradient[j + 1] as number) + residual * xj;
        const cx = curvature * xj;
        hessian[j + 1] = (hessian[j + 1] as number) + cx;
        for (let k = 0; k <= j; k++)
          hessian[(j + 1) * p + k + 1] = (hessian[(j + 1) * p + k + 1] as number) + cx * (row[k] as number);
      }
    }
    for (let j = 1; j < p; j++) {
      gradient[j] = (gradient[j] as number) + lambda * (theta[j] as number);
      hessian[j * p + j] = (hessian[j * p + j] as number) + lambda;
    }
    // The lower triangle was summed; mirror it (row 0 holds the intercept's column).
    for (let j = 1; j < p; j++) {
      hessian[j * p] = hessian[j] as number;
      for (let k = 1; k < j; k++) hessian[k * p + j] = hessian[j * p + k] as number;
    }
    let largest = 0;
    for (let j = 0; j < p; j++) largest = Math.max(largest, Math.abs(gradient[j] as number));
    if (largest <= tolerance) {
      converged = true;
      break;
    }
    const step = solveSymmetric(hessian, gradient, p);
    // Backtracking (Armijo): Newton's full step is taken near the optimum; far from it, on nearly
    // separable data, it can overshoot, and halving keeps every step a descent.
    let slope = 0;
    for (let j = 0; j < p; j++) slope += (gradient[j] as number) * (step[j] as number);
    let scale = 1;
    let next = new Float64Array(p);
    let trial = current;
    for (let halvings = 0; halvings < 60; halvings++) {
      for (let j = 0; j < p; j++) next[j] = (theta[j] as number) - scale * (step[j] as number);
      trial = lossAt(next);
      if (trial.loss <= current.loss - 1e-4 * scale * slope) break;
      scale /= 2;
    }
    iterations += 1;
    if (!(trial.loss <= current.loss)) break;
    const improvement = current.loss - trial.loss;
    theta.set(next);
    current = trial;
    next = new Float64Array(p);
    // Rounding can stall the gradient test on huge data sets: a step that changes nothing ends it too.
    if (improvement <= 1e-15 * Math.max(1, Math.abs(current.loss))) {
      converged = true;
      break;
    }
  }
  return {
    intercept: theta[0] as number,
    coefficients: Array.from(theta.subarray(1)),
    loss: current.loss,
    negativeLogLikelihood: current.nll,
    iterations,
    converged,
  };
}

/** The linear predictor β0 + x·β. */
export function linearPredictor(fit: Pick<LogisticFit, 'intercept' | 'coefficients'>, row: ArrayLike<number>): number {
  let value = fit.intercept;
  for (let j = 0; j < fit.coefficients.length; j++) value += (fit.coefficients[j] as number) * (row[j] as number);
  return value;
}

/**
 * Solves A s = b for a symmetric positive definite A (p × p, row-major) by Cholesky
 * decomposition. A is the penalised Hessian: positive definite whenever λ > 0 or the data have
 * full rank; a pivot that rounding made non-positive is nudged up rather than failing.
 */
function solveSymmetric(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let diagonal = a[j * p + j] as number;
    for (let k = 0; k < j; k++) diagonal -= (l[j * p + k] as number) ** 2;
    const floor = 1e-12 * Math.max(1, Math.abs(a[j * p + j] as number));
    const pivot = Math.sqrt(Math.max(diagonal, floor));
    l[j * p + j] = pivot;
    for (let i = j + 1; i < p; i++) {
      let value = a[i * p + j] as number;
      for (let k = 0; k < j; k++) value -= (l[i * p + k] as number) * (l[j * p + k] as number);
      l[i * p + j] = value / pivot;
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let value = b[i] as number;
    for (let k = 0; k < i; k++) value -= (l[i * p + k] as number) * (z[k] as number);
    z[i] = value / (l[i * p + i] as number);
  }
  const s = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let value = z[i] as number;
    for (let k = i + 1; k < p; k++) value -= (l[k * p + i] as number) * (s[k] as number);
    s[i] = value / (l[i * p + i] as number);
  }
  return s;
}

/** Centres and scales each feature by its mean and standard deviation (a constant feature is only centred). */
export interface Standardiser {
  mean: number[];
  scale: number[];
}

export function standardiserOf(x: ReadonlyArray<ArrayLike<number>>): Standardiser {
  const d = x.length > 0 ? (x[0] as ArrayLike<number>).length : 0;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const row of x) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (row[j] as number) / x.length;
  for (const row of x)
    for (let j = 0; j < d; j++)
      scale[j] = (scale[j] as number) + ((row[j] as number) - (mean[j] as number)) ** 2 / x.length;
  return { mean, scale: scale.map((variance) => (variance > 1e-24 ? Math.sqrt(variance) : 1)) };
}

export function standardise(standardiser: Standardiser, row: ArrayLike<number>): Float64Array {
  const out = new Float64Array(row.length);
  for (let j = 0; j < row.length; j++)
    out[j] = ((row[j] as number) - (standardiser.mean[j] as number)) / (standardiser.scale[j] as number);
  return out;
}
