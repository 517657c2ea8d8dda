import type { AsOf } from '../indicators/as-of.ts';
import { firstInstantAfter } from '../indicators/window-count.ts';
import type { Policy } from '../policy/policy-schema.ts';
import type { CustomerState } from '../state/customer-state.ts';
import { yuanToFen } from '../state/customer-state.ts';

export type TierOf = (state: CustomerState) => string | undefined;

/**
 * RFM tiers (seed 003: gold / silver / bronze): the first tier whose recency, frequency and
 * monetary floors the customer meets. Thresholds are absolute, set at the quarterly review from
 * the chain's own percentiles (seed 003 puts gold at the top 20% by recency and 15% by spend).
 */
export function compileTiers(tiers: Policy['tiers'], asOf: AsOf): TierOf | undefined {
  if (tiers === undefined) return undefined;
  const yearStart = asOf.since(365);
  return (state) => {
    const last = state.visits.last;
    const recencyDays = last === null ? Number.POSITIVE_INFINITY : asOf.daysSince(last.at);
    const { recentAt, recentFen } = state.visits;
    const from = firstInstantAfter(recentAt, yearStart);
    const to = firstInstantAfter(recentAt, asOf.at);
    let spendFen = 0;
    for (let i = from; i < to; i++) spendFen += recentFen[i] as number;
    const visits365 = to - from;
    const tier = tiers.find(
      (candidate) =>
        (candidate.maxRecencyDays === undefined || recencyDays <= candidate.maxRecencyDays) &&
        (candidate.minSpend365Yuan === undefined || spendFen >= yuanToFen(candidate.minSpend365Yuan)) &&
        (candidate.minVisits365 === undefined || visits365 >= candidate.minVisits365),
    );
    return tier?.name;
  };
}
