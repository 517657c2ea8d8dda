import type { ScoringSubject } from '../indicators/indicator-kind.ts';
import { ModelBook } from '../model/model-book.ts';
import { fitStoreModels } from '../model/store-models.ts';
import type { Policy } from '../policy/policy-schema.ts';
import { PolicyScorer } from '../scoring/policy-scorer.ts';
import { ZonedClock } from '../time/zoned-clock.ts';
import { backtestPolicy, type BacktestCustomer, type BacktestResult } from './policy-backtest.ts';

/** A chain's customers read twice from one export: up to the as-of moment, and up to the end of the horizon. */
export interface BacktestHistory {
  before: readonly ScoringSubject[];
  after: readonly ScoringSubject[];
}

export interface PolicyBacktest {
  policy: string;
  result: BacktestResult;
}

/** The customers the chain had at the as-of moment (those with a visit before it), each with whether they came back by the end of the horizon. */
export function backtestCustomers({ before, after }: BacktestHistory, asOf: number): BacktestCustomer[] {
  const lastVisitAfter = new Map(after.map(({ profile, state }) => [profile.customerId, state.visits.last?.at ?? 0]));
  return before
    .filter(({ state }) => state.visits.count > 0)
    .map((subject) => ({ subject, returned: (lastVisitAfter.get(subject.profile.customerId) ?? 0) > asOf }));
}

/**
 * Art. 9's threshold review on a chain's own history: the BG/NBD model fitted per store on the
 * history before the as-of moment (as the monthly fit would have had it), then each policy scored
 * as of that moment and checked against who came back within the horizon.
 */
export function backtestChain(policies: readonly Policy[], history: BacktestHistory, asOf: number, horizonDays: number): PolicyBacktest[] {
  const clock = new ZonedClock((policies[0] as Policy).timeZone);
  const customers = backtestCustomers(history, asOf);
  const models = new ModelBook(fitStoreModels(history.before, asOf, 'week', clock), horizonDays / 7);
  return policies.map((policy) => ({ policy: policy.version, result: backtestPolicy(customers, new PolicyScorer(policy, { models }).at(asOf), models, asOf, clock) }));
}
