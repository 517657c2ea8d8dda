import type { Policy } from '../policy/policy-schema.ts';
import type { CustomerState } from '../state/customer-state.ts';
import { DAY_MS, type ZonedClock } from '../time/zoned-clock.ts';
import { logit } from './logistic-regression.ts';
import type { ReturnOutlook } from './model-book.ts';

/**
 * What the risk model reads of a customer, each a fact a store manager knows by another name.
 * Counts and durations enter as logarithms and against the customer's own rhythm (days since the
 * last visit over their usual days between visits), so that "away three times as long as usual"
 * means the same to a weekly game club and to a shop visited once a year. NaN marks a value the
 * customer does not have (fewer than three visits for a variation of gaps, under 28 days for
 * BG/NBD); the model fills it with the value typical of the customers it learned from.
 */
export const RISK_FEATURES = [
  { name: 'recency', reads: 'ln(1 + days since the last visit)' },
  {
    name: 'recencyVsRhythm',
    reads:
      "ln((1 + days since the last visit) / (1 + usual days between visits)); one-visit customers against the store's usual rhythm",
  },
  { name: 'visits', reads: 'ln(days with a visit)' },
  { name: 'oneVisit', reads: '1 for a customer seen once' },
  { name: 'age', reads: 'ln(1 + days since the first visit)' },
  { name: 'visitsLast30', reads: 'ln(1 + days with a visit in the last 30 days)' },
  { name: 'visitsLast90', reads: 'ln(1 + days with a visit in the last 90 days)' },
  { name: 'averageSpend', reads: 'ln(1 + average spend per visit, yuan)' },
  {
    name: 'spendTrend',
    reads: "ln((1 + the last visit's spend) / (1 + the average of the visits before)); 0 for one visit",
  },
  {
    name: 'gapVariation',
    reads: 'coefficient of variation of the days between visits (3 or more visits): 0 is clockwork',
  },
  {
    name: 'lastGapVsUsual',
    reads: 'ln((1 + the last gap) / (1 + the usual gap)): the last gap stretching; 0 under 3 visits',
  },
  { name: 'bgNbdAlive', reads: 'log-odds of the BG/NBD P(still active)' },
  { name: 'bgNbdExpectedVisits', reads: 'ln(1 + BG/NBD expected visits over the horizon)' },
  { name: 'bgNbdNoReturn', reads: 'log-odds of the BG/NBD probability of no visit over the horizon' },
  {
    name: 'bgNbdMissing',
    reads: '1 when BG/NBD has no number for the customer (under 28 days of history, or no model)',
  },
  { name: 'coreIndicators', reads: 'core warning indicators that fire (of those the model reads), at most 5' },
  { name: 'otherIndicators', reads: 'other warning indicators that fire (of those the model reads), at most 5' },
] as const;

export type RiskFeatureName = (typeof RISK_FEATURES)[number]['name'];
export const RISK_FEATURE_NAMES: readonly RiskFeatureName[] = RISK_FEATURES.map((feature) => feature.name);

/**
 * The indicator kinds whose firing the model reads: those computed from facts that carry their
 * own time, so that they are the same whether the customer is read from the event history as of
 * the cut date or wound back from today's state (rewind-state.ts). Left out: membership lapses,
 * idle stored value, silence after consulting, review and environment complaints resolved or
 * refused later (a later renewal or resolution would tell the model who came back); the year-on-
 * year visit drop and a year of script ratings (their windows reach further back from the cut
 * than today's state keeps: 800 days of visits, 400 of the rest); and model_low_return, whose
 * model the features already read.
 */
export const RISK_SAFE_INDICATOR_KINDS: ReadonlySet<string> = new Set([
  'no_visit_months',
  'no_visit_days',
  'visit_gap',
  'spend_drop',
  'spend_declining_months',
  'serious_complaint',
  'repeat_complaints',
  'single_minor_complaint',
  'declined_invitations',
  'dm_service_complaint',
  'survey_below',
  'no_recent_survey',
  'no_show',
  'unanswered_contacts',
  'activity_drop',
]);

/** The ids of a policy's indicators that the model reads. */
export function riskSafeIndicatorIds(policy: Pick<Policy, 'indicators'>): ReadonlySet<string> {
  return new Set(
    policy.indicators
      .filter((indicator) => RISK_SAFE_INDICATOR_KINDS.has(indicator.kind))
      .map((indicator) => indicator.id),
  );
}

/** A customer's visits as of a moment, in days: what the features and the base rates are made of. */
export interface VisitPattern {
  /** Days with a visit (two games one evening are one trip). 0: no visit yet. */
  visitDays: number;
  recencyDays: number;
  ageDays: number;
  /** (last − first) / (visit days − 1); undefined with one visit. */
  usualGapDays: number | undefined;
  /** Between the last two visit days; undefined with one. */
  lastGapDays: number | undefined;
  /** Standard deviation over mean of the gaps between visit days, with 2 or more gaps seen. */
  gapVariation: number | undefined;
  visitsLast30: number;
  visitsLast90: number;
  averageSpendYuan: number;
  lastSpendYuan: number;
  /** Average of the visits before the last; undefined with one. */
  earlierSpendYuan: number | undefined;
}

/**
 * The visit pattern as of `asOf`, from a state as of that moment (folded up to it, or rewound
 * to it): the visit list (800 days) and the counters; visits older than the list count as days
 * of their own. Undefined for a customer with no visit yet.
 */
export function visitPattern(state: CustomerState, asOf: number, clock: ZonedClock): VisitPattern | undefined {
  const { count, firstAt, last, recentAt, spendFen } = state.visits;
  if (count === 0 || firstAt === null || last === null || firstAt > asOf) return undefined;
  const days: number[] = [];
  for (const at of recentAt) {
    if (at > asOf) break;
    const day = clock.dayOf(at);
    if (days.at(-1) !== day) days.push(day);
  }
  const visitDays = Math.max(1, days.length + Math.max(0, count - recentAt.length));
  const lastAt = Math.min(last.at, asOf);
  const asOfDay = clock.dayOf(asOf);
  const recentDays = (window: number) => days.filter((day) => day > asOfDay - window).length;
  const gaps: number[] = [];
  for (let i = 1; i < days.length; i++) gaps.push((days[i] as number) - (days[i - 1] as number));
  let gapVariation: number | undefined;
  if (gaps.length >= 2) {
    const mean = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;
    const variance = gaps.reduce((sum, gap) => sum + (gap - mean) ** 2, 0) / gaps.length;
    gapVariation = mean > 0 ? Math.sqrt(variance) / mean : 0;
  }
  const lastFen = last.amountFen;
  return {
    visitDays,
    recencyDays: Math.max(0, (asOf - lastAt) / DAY_MS),
    ageDays: Math.max(0, (asOf - firstAt) / DAY_MS),
    usualGapDays: visitDays >= 2 ? (lastAt - firstAt) / DAY_MS / (visitDays - 1) : undefined,
    lastGapDays: gaps.length >= 1 ? (gaps.at(-1) as number) : undefined,
    gapVariation,
    visitsLast30: recentDays(30),
    visitsLast90: recentDays(90),
    averageSpendYuan: spendFen / Math.max(1, count) / 100,
    lastSpendYuan: lastFen / 100,
    earlierSpendYuan: count >= 2 ? (spendFen - lastFen) / (count - 1) / 100 : undefined,
  };
}

/** The indicators that fired, as counts the model reads. */
export interface FiredCounts {
  core: number;
  other: number;
}

const MAX_FIRED = 5;
const LOG_ODDS_BOUND = 12;

/**
 * The feature vector of one customer, in RISK_FEATURES order. `typicalGapDays` is the store's
 * usual rhythm, used for customers seen once.
 */
export function riskFeatureVector(
  pattern: VisitPattern,
  outlook: ReturnOutlook | undefined,
  fired: FiredCounts,
  typicalGapDays: number,
): number[] {
  const usualGap = pattern.usualGapDays ?? typicalGapDays;
  const bgNbd = outlook?.ok ? outlook : undefined;
  const clipLogit = (p: number) => Math.max(-LOG_ODDS_BOUND, Math.min(LOG_ODDS_BOUND, logit(p, 1e-7)));
  return [
    Math.log1p(pattern.recencyDays),
    Math.log((1 + pattern.recencyDays) / (1 + usualGap)),
    Math.log(pattern.visitDays),
    pattern.visitDays === 1 ? 1 : 0,
    Math.log1p(pattern.ageDays),
    Math.log1p(pattern.visitsLast30),
    Math.log1p(pattern.visitsLast90),
    Math.log1p(pattern.averageSpendYuan),
    pattern.earlierSpendYuan === undefined ? 0 : Math.log((1 + pattern.lastSpendYuan) / (1 + pattern.earlierSpendYuan)),
    pattern.gapVariation === undefined ? Number.NaN : Math.min(3, pattern.gapVariation),
    pattern.lastGapDays === undefined || pattern.visitDays < 3 || pattern.usualGapDays === undefined
      ? 0
      : Math.log((1 + pattern.lastGapDays) / (1 + pattern.usualGapDays)),
    bgNbd ? clipLogit(bgNbd.pAlive) : Number.NaN,
    bgNbd ? Math.log1p(bgNbd.expectedVisits) : Number.NaN,
    bgNbd ? clipLogit(bgNbd.risk) : Number.NaN,
    bgNbd ? 0 : 1,
    Math.min(MAX_FIRED, fired.core),
    Math.min(MAX_FIRED, fired.other),
  ];
}

/** The median of the customers' own usual gaps (two or more visits): a store's rhythm. 30 days when nobody has come twice. */
export function typicalGapOf(patterns: ReadonlyArray<VisitPattern | undefined>): number {
  const gaps = patterns
    .flatMap((pattern) => (pattern?.usualGapDays !== undefined ? [pattern.usualGapDays] : []))
    .sort((a, b) => a - b);
  if (gaps.length === 0) return 30;
  const middle = gaps.length / 2;
  return gaps.length % 2 === 1
    ? (gaps[Math.floor(middle)] as number)
    : ((gaps[middle - 1] as number) + (gaps[middle] as number)) / 2;
}
