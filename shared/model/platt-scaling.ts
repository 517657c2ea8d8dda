import { fitLogistic, sigmoid } from './logistic-regression.ts';

/**
 * Platt scaling: a calibrated probability σ(slope · s + intercept) from a raw score s (here
 * always a log-odds), the two numbers fitted by maximum likelihood on customers the score was
 * not fitted on (Platt 1999). The targets are Platt's smoothed ones, (N₊ + 1)/(N₊ + 2) for a
 * positive and 1/(N₋ + 2) for a negative, so a small calibration set can never claim certainty.
 *
 * Why Platt and not isotonic regression: it keeps the order of the scores (so the ranking and its
 * AUC are the model's own), it has two parameters where isotonic has a step per block (Niculescu-
 * Mizil & Caruana 2005 found isotonic overfits below roughly a thousand calibration cases, and a
 * store's held-back customers are often fewer), and the scores it maps are log-odds already, for
 * which a straight line in log-odds is the natural family. Its output is strictly inside (0, 1).
 */
export interface PlattScaling {
  slope: number;
  intercept: number;
}

export const IDENTITY_SCALING: PlattScaling = { slope: 1, intercept: 0 };

export function fitPlattScaling(scores: readonly number[], outcomes: readonly boolean[]): PlattScaling {
  if (scores.length !== outcomes.length)
    throw new RangeError(`${scores.length} scores but ${outcomes.length} outcomes`);
  if (scores.length === 0) throw new RangeError('Platt scaling needs at least one case');
  const positives = outcomes.filter(Boolean).length;
  const negatives = outcomes.length - positives;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  // A whisper of ridge: with every score equal the slope is not identified, and this makes it 0.
  const fit = fitLogistic(
    scores.map((s) => [s]),
    outcomes.map((positive) => (positive ? high : low)),
    { lambda: 1e-6 },
  );
  return { slope: fit.coefficients[0] as number, intercept: fit.intercept };
}

export function applyPlattScaling(scaling: PlattScaling, score: number): number {
  return sigmoid(scaling.slope * score + scaling.intercept);
}
