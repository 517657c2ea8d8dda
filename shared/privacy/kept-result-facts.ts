import type { Policy } from '../policy/policy-schema.ts';
import type { ResultCase } from '../reports/winback-results.ts';

/**
 * What the evaluation's results (Art. 18, `winbackResults`) read of a customer's events around one
 * closed case, reduced to the figures they compute. An erasure deletes the events; these figures,
 * kept on the anonymised alert, let a closed period's report give the same numbers without one
 * visit date, amount or survey of the person.
 */
export interface KeptResultFacts {
  /** What the customer spent on visits after the alert, to the end of the window after closing. */
  revenue: number;
  /** Whether they came again after the case closed, within the window (a repurchase). */
  visitedAfterClose: boolean;
  /** The mean survey score in the days before the alert; absent without a survey there. */
  satisfactionBefore?: number;
  /** The mean survey score after the alert, to the end of the window; absent without one. */
  satisfactionAfter?: number;
}

export interface ResultWindows {
  /** The tracking window after closing (policy `deadlines.trackingWindowDays`). */
  afterDays: number;
  /** How far before the alert a survey counts (policy `evaluation.satisfactionBeforeDays`). */
  beforeDays: number;
}

/** The windows the evaluation's results use under this policy. */
export function resultWindowsOf(policy: Policy): ResultWindows {
  return { afterDays: policy.deadlines.trackingWindowDays, beforeDays: policy.evaluation.satisfactionBeforeDays };
}

type CaseFacts = Pick<ResultCase, 'visits' | 'surveys'>;

const DAY_MS = 86_400_000;
const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * The figures of one closed case, computed with the same intervals and in the same order as
 * `winbackResults`, so that the sums the report makes from them are the very same numbers.
 */
export function keepResultFacts(
  alert: { identifiedAt: string; closedAt: string },
  facts: CaseFacts,
  windows: ResultWindows,
): KeptResultFacts {
  const alertAt = Date.parse(alert.identifiedAt);
  const closedAt = Date.parse(alert.closedAt);
  const windowEnd = closedAt + windows.afterDays * DAY_MS;
  const revenue = facts.visits
    .filter((v) => v.at > alertAt && v.at <= windowEnd)
    .reduce((total, v) => total + v.amount, 0);
  const before = facts.surveys
    .filter((s) => s.at >= alertAt - windows.beforeDays * DAY_MS && s.at < alertAt)
    .map((s) => s.score);
  const after = facts.surveys.filter((s) => s.at > alertAt && s.at <= windowEnd).map((s) => s.score);
  return {
    revenue,
    visitedAfterClose: facts.visits.some((v) => v.at > closedAt && v.at <= windowEnd),
    ...(before.length ? { satisfactionBefore: mean(before) } : {}),
    ...(after.length ? { satisfactionAfter: mean(after) } : {}),
  };
}

/**
 * The visits and surveys the results are computed from, rebuilt from kept figures: one visit
 * carrying the revenue (just after the closing when the customer came again, else at the closing),
 * one survey on each side of the alert carrying its mean. `winbackResults` gives the same row.
 */
export function caseFactsFromKept(
  alert: { identifiedAt: string; closedAt?: string },
  kept: KeptResultFacts,
): CaseFacts {
  const alertAt = Date.parse(alert.identifiedAt);
  const closedAt = Date.parse(alert.closedAt ?? alert.identifiedAt);
  const visits = kept.visitedAfterClose
    ? [{ at: closedAt + 1, amount: kept.revenue }]
    : closedAt > alertAt && kept.revenue !== 0
      ? [{ at: closedAt, amount: kept.revenue }]
      : [];
  const surveys = [
    ...(kept.satisfactionBefore === undefined ? [] : [{ at: alertAt - 1, score: kept.satisfactionBefore }]),
    ...(kept.satisfactionAfter === undefined ? [] : [{ at: alertAt + 1, score: kept.satisfactionAfter }]),
  ];
  return { visits, surveys };
}

/** The kept figures of an erased customer's case, when the alert carries them. */
export function keptResultFactsOf(alert: object): KeptResultFacts | undefined {
  return (alert as { resultFacts?: KeptResultFacts }).resultFacts;
}
