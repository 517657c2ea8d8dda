/**
 * Expected calibration error: the customers put in 10 bins of equal width by predicted
 * probability ([0, 0.1), [0.1, 0.2) ... [0.9, 1]), and in each bin the gap between the mean
 * prediction and the share who really did not come back, weighted by the bin's size (Naeini,
 * Cooper & Hauskrecht 2015; the form Guo et al. 2017 made standard). 0 is perfect; 0.05 means
 * that a stated risk is off by five points on average. Equal width rather than equal frequency:
 * a risk of 0.8 means the same to every store, and the bins say where the errors are.
 */
export interface CalibrationBin {
  /** The bin's lower edge: 0, 0.1, ... 0.9. */
  from: number;
  customers: number;
  meanPredicted: number;
  observed: number;
}

export interface CalibrationReport {
  ece: number;
  bins: CalibrationBin[];
}

export const CALIBRATION_BINS = 10;

export function calibrationReport(
  scored: ReadonlyArray<{ probability: number; positive: boolean }>,
  binCount = CALIBRATION_BINS,
): CalibrationReport | undefined {
  if (scored.length === 0) return undefined;
  const sums = Array.from({ length: binCount }, () => ({ customers: 0, predicted: 0, positive: 0 }));
  for (const { probability, positive } of scored) {
    if (!(probability >= 0 && probability <= 1))
      throw new RangeError(`a probability must be in [0, 1], got ${probability}`);
    const bin = sums[Math.min(binCount - 1, Math.floor(probability * binCount))] as (typeof sums)[number];
    bin.customers += 1;
    bin.predicted += probability;
    if (positive) bin.positive += 1;
  }
  let ece = 0;
  const bins: CalibrationBin[] = [];
  sums.forEach((bin, i) => {
    if (bin.customers === 0) return;
    const meanPredicted = bin.predicted / bin.customers;
    const observed = bin.positive / bin.customers;
    ece += (bin.customers / scored.length) * Math.abs(meanPredicted - observed);
    bins.push({ from: i / binCount, customers: bin.customers, meanPredicted, observed });
  });
  return { ece, bins };
}

export function expectedCalibrationError(
  scored: ReadonlyArray<{ probability: number; positive: boolean }>,
): number | undefined {
  return calibrationReport(scored)?.ece;
}

/**
 * The ECE a perfectly calibrated risk would still show on these customers, from chance alone:
 * the mean ECE over `draws` outcomes drawn with exactly the predicted probabilities (seeded, so
 * the same predictions give the same figure). An ECE near it is as good as this many customers
 * can show; on a thousand customers it is typically 0.02-0.03.
 */
export function chanceCalibrationError(probabilities: readonly number[], draws = 200, seed = 1): number | undefined {
  if (probabilities.length === 0) return undefined;
  let state = seed >>> 0;
  const random = (): number => {
    // mulberry32: a fixed stream, so the figure does not change from run to run.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let total = 0;
  for (let draw = 0; draw < draws; draw++) {
    total += (
      calibrationReport(
        probabilities.map((probability) => ({ probability, positive: random() < probability })),
      ) as CalibrationReport
    ).ece;
  }
  return total / draws;
}
