import type { CustomerState } from '../state/customer-state.ts';
import type { ZonedClock } from '../time/zoned-clock.ts';
import type { BgNbdParams } from './bg-nbd.ts';
import { type CustomerRfm, customerRfm, type TimeUnit } from './customer-rfm.ts';
import { fitBgNbd } from './fit-bg-nbd.ts';
import { fitWarnings } from './fit-warnings.ts';
import { repeatVisitCalibration } from './repeat-distribution.ts';

export interface StoreModel {
  /** A store, or "*" for the chain as a whole. */
  storeId: string;
  asOf: string;
  unit: TimeUnit;
  customers: number;
  /** Customers the model was fitted on; the others have too little history (or none). */
  fitted: number;
  tooLittleHistory: number;
  params: BgNbdParams;
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  /** What the data looked like, to judge the fit by: share with no repeat visit, mean repeats, mean age. */
  data: { noRepeatShare: number; meanRepeats: number; meanAge: number };
  /** Customers with 0, 1, ... 7+ repeat visits, as seen and as the fitted model expects them. */
  calibration: Array<{ repeats: string; actual: number; expected: number }>;
  /** Why the fit should not be trusted, if it should not (shared/model/fit-warnings.ts); empty when nothing stands out. */
  warnings: string[];
}

/** Below this many customers with history a store's fit says more about noise than about the store. */
export const MIN_CUSTOMERS_TO_FIT = 200;

/**
 * Fits one BG/NBD model per store (stores too small to fit on their own are left to the chain's
 * model, "*", which is always fitted), on each customer's visits up to the as-of moment.
 */
export function fitStoreModels(
  customers: ReadonlyArray<{ profile: { storeId: string }; state: CustomerState }>,
  asOf: number,
  unit: TimeUnit,
  clock: ZonedClock,
): StoreModel[] {
  const byStore = new Map<string, { readings: CustomerRfm[]; total: number }>();
  const add = (storeId: string, rfm: CustomerRfm | undefined) => {
    const group = byStore.get(storeId) ?? { readings: [], total: 0 };
    group.total += 1;
    if (rfm) group.readings.push(rfm);
    byStore.set(storeId, group);
  };
  for (const { profile, state } of customers) {
    const reading = customerRfm(state, asOf, unit, clock);
    const rfm = reading.ok ? reading.rfm : undefined;
    add('*', rfm);
    add(profile.storeId, rfm);
  }
  const models: StoreModel[] = [];
  for (const [storeId, { readings, total }] of [...byStore.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (storeId !== '*' && readings.length < MIN_CUSTOMERS_TO_FIT) continue;
    if (readings.length === 0) continue;
    const fit = fitBgNbd(readings);
    const calibration = repeatVisitCalibration(fit.params, readings).map((row) => ({
      ...row,
      expected: Math.round(row.expected * 10) / 10,
    }));
    models.push({
      storeId,
      asOf: clock.formatInstant(asOf),
      unit,
      customers: total,
      fitted: readings.length,
      tooLittleHistory: total - readings.length,
      params: fit.params,
      logLikelihood: fit.logLikelihood,
      converged: fit.converged,
      iterations: fit.iterations,
      data: {
        noRepeatShare: readings.filter((r) => r.x === 0).length / readings.length,
        meanRepeats: readings.reduce((sum, r) => sum + r.x, 0) / readings.length,
        meanAge: readings.reduce((sum, r) => sum + r.T, 0) / readings.length,
      },
      calibration,
      warnings: fitWarnings(fit, calibration),
    });
  }
  return models;
}
