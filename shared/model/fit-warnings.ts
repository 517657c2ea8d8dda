import type { BgNbdParams } from './bg-nbd.ts';

/**
 * Parameters outside this range say the data could not pin the model down, whatever the optimiser
 * reports: a and b in the tens of thousands make every customer's drop-out chance the same tiny
 * number (a/(a+b)), r and alpha there make the visit rates a point. Sensible fits of weekly,
 * monthly and yearly customers sit far inside (r, a, b about 0.1-10; alpha a few to a few hundred
 * time units).
 */
const PARAM_RANGE = { min: 1e-4, max: 1e4 } as const;

/**
 * A repeat-visit count is badly fitted when the model's expectation (of at least 5 customers)
 * misses what was seen by more than three Poisson standard deviations and by more than a quarter:
 * the first bound keeps small stores from being flagged for noise, the second large ones for
 * misfits too small to matter.
 */
const CALIBRATION = { minExpected: 5, sigmas: 3, relative: 0.25 } as const;

/**
 * What a BG/NBD fit should not be trusted on, in words for the person who runs the fit (Chinese
 * first, English beside it); empty when nothing stands out. The scans still use a fit with
 * warnings (a calibrated risk rests on the learned model first), but the Models table and the
 * fit's output say so.
 */
export function fitWarnings(
  fit: { params: BgNbdParams; converged: boolean },
  calibration: ReadonlyArray<{ repeats: string; actual: number; expected: number }>,
): string[] {
  const warnings: string[] = [];
  if (!fit.converged)
    warnings.push('拟合未收敛 the fit did not converge: its parameters are the best found, not a maximum');
  const extreme = Object.entries(fit.params).filter(
    ([, value]) => !(value >= PARAM_RANGE.min && value <= PARAM_RANGE.max),
  );
  if (extreme.length > 0) {
    const named = extreme.map(([name, value]) => `${name} = ${value.toPrecision(3)}`).join(', ');
    warnings.push(
      `参数超出可信范围 parameters at the edge of what the data can tell (${named}; trusted between ${PARAM_RANGE.min} and ${PARAM_RANGE.max}): too few repeat visits or too short a history to say when customers drop out`,
    );
  }
  const misses = calibration.filter(({ actual, expected }) => {
    const gap = Math.abs(actual - expected);
    return (
      expected >= CALIBRATION.minExpected &&
      gap > CALIBRATION.sigmas * Math.sqrt(expected) &&
      gap > CALIBRATION.relative * expected
    );
  });
  if (misses.length > 0) {
    const named = misses
      .map(({ repeats, actual, expected }) => `${repeats} repeats: ${actual} seen, ${expected.toFixed(1)} expected`)
      .join('; ');
    warnings.push(
      `模型与实际回访次数不符 the model does not reproduce the customers' repeat visits (${named}): do not rely on its P(alive) for this store`,
    );
  }
  return warnings;
}
