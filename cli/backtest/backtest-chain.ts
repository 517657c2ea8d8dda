import type { ScoringSubject } from '../../shared/customer/scoring-subject.ts';
import type { LookbackPlan } from '../../shared/model/lookback-plan.ts';
import { fitStoreModels } from '../../shared/model/store-models.ts';
import { TolerantModelBook } from '../../shared/model/tolerant-model-book.ts';
import type { Policy } from '../../shared/policy/policy-schema.ts';
import { casePriority } from '../../shared/queue/case-priority.ts';
import { PolicyScorer } from '../../shared/scoring/policy-scorer.ts';
import { ZonedClock } from '../../shared/time/zoned-clock.ts';
import { type BacktestCustomer, type BacktestResult, backtestPolicy } from './policy-backtest.ts';
import { type CapacityRow, QUEUE_ORDERS, type QueueCandidate, recallAtCapacity } from './recall-at-capacity.ts';
import { backtestRisk, type RiskBacktest } from './risk-backtest.ts';

/** A chain's customers read twice from one export: up to the as-of moment, and up to the end of the horizon. */
export interface BacktestHistory {
  before: readonly ScoringSubject[];
  after: readonly ScoringSubject[];
}

export interface QueueBacktest {
  /** Cases the queue opens. */
  capacity: number;
  rows: CapacityRow[];
}

export interface PolicyBacktest {
  policy: string;
  result: BacktestResult;
  /** With `risk`: the calibrated risk judged out of time, and the queue it orders. */
  risk?: RiskBacktest;
  queue?: QueueBacktest;
}

export interface BacktestOptions {
  /** Also fit the calibrated risk on the history before the as-of moment and judge it and the queue. */
  risk?: {
    /** Cases the queue opens (a number already resolved from "5%" or a count). */
    capacity: number;
    /** The lookback the risk learns on, and the customers as of its cut date folded from their events; else planned here and wound back. */
    plan?: LookbackPlan;
    atCut?: ReadonlyMap<string, ScoringSubject>;
  };
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
 * as of that moment and checked against who came back within the horizon. With `risk`, the
 * calibrated risk is fitted the same way (on the history before the as-of moment only), and the
 * queue's first cases, by level alone and by level and what is at stake, are checked too.
 */
export function backtestChain(
  policies: readonly Policy[],
  history: BacktestHistory,
  asOf: number,
  horizonDays: number,
  options: BacktestOptions = {},
): PolicyBacktest[] {
  const clock = new ZonedClock((policies[0] as Policy).timeZone);
  const customers = backtestCustomers(history, asOf);
  const models = new TolerantModelBook(fitStoreModels(history.before, asOf, 'week', clock), horizonDays / 7);
  return policies.map((policy) => {
    const bound = new PolicyScorer(policy, { models }).at(asOf);
    const backtest: PolicyBacktest = {
      policy: policy.version,
      result: backtestPolicy(customers, bound, models, asOf, clock),
    };
    if (options.risk) {
      // The horizon the backtest looks over is the one the risk speaks of.
      const overHorizon: Policy = { ...policy, model: { ...policy.model, horizonWeeks: horizonDays / 7 } };
      const { plan, atCut, capacity } = options.risk;
      const risk = backtestRisk(customers, asOf, overHorizon, clock, {
        ...(plan ? { plan } : {}),
        ...(atCut ? { atCut } : {}),
      });
      const candidates: QueueCandidate[] = customers.map(({ subject, returned }, i) => {
        const level = bound.assess(subject).level;
        const outlook = models.outlook(subject, asOf, clock);
        const { valueYuan } = casePriority(
          { level: Math.max(1, level) as 1 | 2 | 3, state: subject.state, asOf, outlook },
          overHorizon,
        ).parts;
        const customerRisk = risk.readings[i]?.risk ?? 0;
        return {
          customerId: subject.profile.customerId,
          level,
          risk: customerRisk,
          value: valueYuan,
          priority: customerRisk * valueYuan,
          lost: !returned,
        };
      });
      backtest.risk = risk;
      backtest.queue = { capacity, rows: QUEUE_ORDERS.map((order) => recallAtCapacity(candidates, capacity, order)) };
    }
    return backtest;
  });
}
