import type { ScoringSubject } from '../customer/scoring-subject.ts';
import type { Policy } from '../policy/policy-schema.ts';
import type { ZonedClock } from '../time/zoned-clock.ts';
import type { TimeUnit } from './customer-rfm.ts';
import { fitRiskModel, type RiskFit } from './fit-risk-model.ts';
import { type LookbackPlan, planLookback } from './lookback-plan.ts';
import type { ChainRiskModel, StoreRiskModel } from './risk-model.ts';
import { fitStoreModels, type StoreModel } from './store-models.ts';

/** A store's model as `winback model fit` writes it and the monthly fit keeps it: BG/NBD, and the risk model's part. */
export interface ChainModel extends StoreModel {
  risk?: ChainRiskModel | StoreRiskModel;
}

export interface ChainModelFit {
  models: ChainModel[];
  risk: RiskFit;
}

/** How the risk model will learn from these customers: the cut date and horizon their history allows. */
export function lookbackPlanFor(
  customers: readonly ScoringSubject[],
  asOf: number,
  policy: Pick<Policy, 'model'>,
): LookbackPlan {
  let earliest: number | undefined;
  for (const { state } of customers) {
    const first = state.visits.firstAt;
    if (first !== null && first <= asOf && (earliest === undefined || first < earliest)) earliest = first;
  }
  return planLookback(earliest, asOf, policy.model.horizonWeeks);
}

/**
 * Everything the chain's models are fitted on in one go, as of a moment: BG/NBD per store on the
 * history so far, then the calibrated risk learned from the chain's own past (fit-risk-model.ts),
 * its shared part kept on the chain's entry ("*") and each store's own part on the store's.
 * `atCut`: the customers as of the plan's cut date, folded from their events, when the caller
 * has the events (the CLI); the monthly fit winds today's states back instead.
 */
export function fitChainModels(
  customers: readonly ScoringSubject[],
  asOf: number,
  policy: Policy,
  clock: ZonedClock,
  options: { unit?: TimeUnit; plan?: LookbackPlan; atCut?: ReadonlyMap<string, ScoringSubject> } = {},
): ChainModelFit {
  const unit = options.unit ?? 'week';
  // In customer id order: sums in floating point depend on their order, and the same data must give the same models.
  const sorted = [...customers].sort((a, b) =>
    a.profile.customerId < b.profile.customerId ? -1 : a.profile.customerId > b.profile.customerId ? 1 : 0,
  );
  const bgNbd = fitStoreModels(sorted, asOf, unit, clock);
  const plan = options.plan ?? lookbackPlanFor(sorted, asOf, policy);
  const risk = fitRiskModel(sorted, plan, policy, clock, { unit, ...(options.atCut ? { atCut: options.atCut } : {}) });
  const models: ChainModel[] = bgNbd.map((model) => {
    const part = model.storeId === '*' ? risk.chain : risk.stores.get(model.storeId);
    return part === undefined ? model : { ...model, risk: part };
  });
  return { models, risk };
}
