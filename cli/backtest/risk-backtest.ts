import type { ScoringSubject } from '../../shared/customer/scoring-subject.ts';
import { type CalibrationBin, calibrationReport } from '../../shared/model/calibration-error.ts';
import { type ChainModelFit, fitChainModels, lookbackPlanFor } from '../../shared/model/fit-chain-models.ts';
import type { LookbackPlan } from '../../shared/model/lookback-plan.ts';
import { RiskBook, type RiskReading } from '../../shared/model/risk-book.ts';
import type { RiskSource } from '../../shared/model/risk-model.ts';
import { rocAuc } from '../../shared/model/roc-auc.ts';
import type { Policy } from '../../shared/policy/policy-schema.ts';
import type { ZonedClock } from '../../shared/time/zoned-clock.ts';

/** A customer as the risk backtest sees them: as of the as-of moment, and whether they came back within the horizon. */
export interface RiskBacktestCustomer {
  subject: ScoringSubject;
  returned: boolean;
}

export interface SourceRow {
  source: RiskSource;
  customers: number;
  meanRisk: number;
  lostShare: number;
  auc: number | undefined;
}

export interface RiskBacktest {
  /** The models as the monthly fit would have had them at the as-of moment: learned on the history before it. */
  fit: ChainModelFit;
  customers: number;
  didNotReturn: number;
  /** How well the risk ranks and how true it is, against what really happened after the as-of moment. */
  auc: number | undefined;
  ece: number | undefined;
  bins: CalibrationBin[];
  bySource: SourceRow[];
  readings: RiskReading[];
}

/**
 * The calibrated risk judged out of time: the models fitted on the history up to the as-of moment
 * only (BG/NBD, and the risk learned at a cut a horizon before it), every customer scored as of
 * it, and the scores held against who came back within the horizon after it.
 * `atCut` gives the customers as of the plan's cut date when the caller can fold them from events.
 */
export function backtestRisk(
  customers: readonly RiskBacktestCustomer[],
  asOf: number,
  policy: Policy,
  clock: ZonedClock,
  options: { plan?: LookbackPlan; atCut?: ReadonlyMap<string, ScoringSubject> } = {},
): RiskBacktest {
  const subjects = customers.map((customer) => customer.subject);
  const plan = options.plan ?? lookbackPlanFor(subjects, asOf, policy);
  const fit = fitChainModels(subjects, asOf, policy, clock, {
    plan,
    ...(options.atCut ? { atCut: options.atCut } : {}),
  });
  const book = new RiskBook(fit.models, policy);
  const readings = subjects.map((subject) => book.riskOf(subject, asOf));
  const scored = readings.map((reading, i) => ({
    score: reading.risk,
    probability: reading.risk,
    positive: !(customers[i] as RiskBacktestCustomer).returned,
    source: reading.source,
  }));
  const calibration = calibrationReport(scored);
  const sources = [...new Set(scored.map((row) => row.source))].sort();
  return {
    fit,
    customers: customers.length,
    didNotReturn: scored.filter((row) => row.positive).length,
    auc: rocAuc(scored),
    ece: calibration?.ece,
    bins: calibration?.bins ?? [],
    bySource: sources.map((source) => {
      const rows = scored.filter((row) => row.source === source);
      return {
        source,
        customers: rows.length,
        meanRisk: rows.reduce((sum, row) => sum + row.probability, 0) / rows.length,
        lostShare: rows.filter((row) => row.positive).length / rows.length,
        auc: rocAuc(rows),
      };
    }),
    readings,
  };
}
