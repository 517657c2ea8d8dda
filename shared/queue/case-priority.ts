import type { ReturnOutlook } from '../model/model-book.ts';
import type { RiskReading as CalibratedRisk } from '../model/risk-book.ts';
import type { RiskSource } from '../model/risk-model.ts';
import type { Level, Policy } from '../policy/policy-schema.ts';
import type { CustomerState } from '../state/customer-state.ts';
import { DAY_MS } from '../time/zoned-clock.ts';

/**
 * What is at stake if a customer is lost, in yuan over the policy's horizon: the risk of losing
 * them times what they would spend if they stay (expected visits x their average spend). The
 * work queue opens the cases with most at stake first (level 3 before everything).
 */
export interface PriorityParts {
  /** The probability of no visit within the horizon. */
  risk: number;
  /**
   * Where the risk came from: the calibrated risk model's source (learned, bg-nbd, base-rate,
   * prior) when the run has models; `level`: the policy's stand-in by level (workQueue.fallbackRisk).
   */
  riskFrom: RiskSource | 'level';
  /** Visits expected over the horizon if the customer stays. */
  expectedVisits: number;
  /** `bg-nbd`: the model's expectation for a customer still active; `visit-rate`: their own pace of visits. */
  visitsFrom: 'bg-nbd' | 'visit-rate';
  averageSpendYuan: number;
  /** expectedVisits x averageSpendYuan. */
  valueYuan: number;
  horizonWeeks: number;
}

export interface CasePriority {
  /** risk x valueYuan, in yuan (to the fen). */
  priority: number;
  parts: PriorityParts;
}

export interface PriorityInput {
  level: Level;
  state: CustomerState;
  asOf: number;
  /** What the fitted models say of the customer (ModelBook.outlook), when the run has models. */
  outlook?: ReturnOutlook | undefined;
  /** The calibrated risk (RiskBook.riskOf), when the run has models: it replaces the stand-ins. */
  reading?: CalibratedRisk | undefined;
}

export interface RiskReading {
  risk: number;
  from: PriorityParts['riskFrom'];
}

/**
 * The one place the risk comes from: the calibrated risk model when the run has models (every
 * customer gets a number from it, saying its source), else the BG/NBD probability of no visit
 * within the horizon when a store model speaks for the customer, else the policy's figure for the
 * alert's level.
 */
export function riskOf(input: PriorityInput, policy: Pick<Policy, 'workQueue'>): RiskReading {
  if (input.reading !== undefined) return { risk: input.reading.risk, from: input.reading.source };
  if (input.outlook?.ok) return { risk: input.outlook.risk, from: 'bg-nbd' };
  return { risk: policy.workQueue.fallbackRisk[input.level], from: 'level' };
}

/**
 * Below this P(alive) the model's "visits if still active" (expected visits / P(alive)) divides a
 * small number by a smaller one; the customer's own pace says more.
 */
const MIN_P_ALIVE_FOR_RATIO = 0.05;
const YEAR_DAYS = 365;

/** The customer's own pace: visits over their time with us (at least the horizon, at most a year), carried over the horizon. */
function visitRateVisits(state: CustomerState, asOf: number, horizonDays: number): number {
  const { firstAt, recentAt } = state.visits;
  if (firstAt === null) return 0;
  const ageDays = (asOf - firstAt) / DAY_MS;
  // A one-visit customer of 12 days is not a weekly regular: count them over the horizon at least.
  const windowDays = Math.min(YEAR_DAYS, Math.max(horizonDays, ageDays));
  const since = asOf - windowDays * DAY_MS;
  let visits = 0;
  for (const at of recentAt) if (at > since && at <= asOf) visits += 1;
  return (visits / windowDays) * horizonDays;
}

function expectedVisitsIfStaying(
  input: PriorityInput,
  horizonDays: number,
): { visits: number; from: PriorityParts['visitsFrom'] } {
  const outlook = input.outlook;
  // The outlook's expectation covers its own horizon; the value must cover the risk's (a risk
  // learned on a shorter history has a shorter one): scaled, as visits accrue about evenly.
  const scale = outlook?.ok ? horizonDays / (outlook.horizonWeeks * 7) : 1;
  if (outlook?.ok && outlook.pAlive >= MIN_P_ALIVE_FOR_RATIO)
    return { visits: (outlook.expectedVisits / outlook.pAlive) * scale, from: 'bg-nbd' };
  return { visits: visitRateVisits(input.state, input.asOf, horizonDays), from: 'visit-rate' };
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** The priority of an alert and its parts, so a store manager can be told why one customer comes before another. */
export function casePriority(input: PriorityInput, policy: Pick<Policy, 'workQueue' | 'model'>): CasePriority {
  // Risk and value over the same horizon: the risk model's, when it learned on a shorter one.
  const horizonWeeks = input.reading?.horizonWeeks ?? policy.model.horizonWeeks;
  const { risk, from: riskFrom } = riskOf(input, policy);
  const { visits, from: visitsFrom } = expectedVisitsIfStaying(input, horizonWeeks * 7);
  const { count, spendFen } = input.state.visits;
  const averageSpendYuan = count > 0 ? spendFen / count / 100 : 0;
  const valueYuan = visits * averageSpendYuan;
  return {
    priority: round(risk * valueYuan, 2),
    parts: {
      risk: round(risk, 4),
      riskFrom,
      expectedVisits: round(visits, 3),
      visitsFrom,
      averageSpendYuan: round(averageSpendYuan, 2),
      valueYuan: round(valueYuan, 2),
      horizonWeeks,
    },
  };
}

/**
 * Whether a queued alert's stored priority is worth rewriting: a change of more than a tenth (and
 * more than a yuan), so that a daily scan writes the alerts whose place may change, not every
 * alert for a fen.
 */
export function priorityMoved(stored: number | undefined, fresh: number): boolean {
  if (stored === undefined) return true;
  const change = Math.abs(fresh - stored);
  return change > 1 && change > 0.1 * stored;
}

/** What the queue order reads of an alert. */
export interface Ranked {
  level: number;
  priority: number;
  identifiedAt: string;
  customerId: string;
}

/**
 * The order of the work queue: level 3 first (SPEC section 3: the severe cases are never kept
 * waiting behind lucrative mild ones), then most at stake, then the longest waiting, then by
 * customer id so that every run and every retry orders the same alerts the same way.
 */
export function compareQueued(a: Ranked, b: Ranked): number {
  const severe = Number(b.level === 3) - Number(a.level === 3);
  if (severe !== 0) return severe;
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.identifiedAt !== b.identifiedAt) return a.identifiedAt < b.identifiedAt ? -1 : 1;
  return a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;
}
