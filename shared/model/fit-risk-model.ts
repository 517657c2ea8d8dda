import type { ScoringSubject } from '../customer/scoring-subject.ts';
import type { Policy } from '../policy/policy-schema.ts';
import { PolicyScorer } from '../scoring/policy-scorer.ts';
import { DAY_MS, type ZonedClock } from '../time/zoned-clock.ts';
import { baseRateOf, fitBaseRates } from './base-rates.ts';
import { calibrationReport } from './calibration-error.ts';
import type { TimeUnit } from './customer-rfm.ts';
import { fnv1a, type SplitPart, splitPartOf } from './held-back-split.ts';
import { fitLogistic, linearPredictor, logit, softplus, standardise, standardiserOf } from './logistic-regression.ts';
import type { LookbackPlan } from './lookback-plan.ts';
import type { ModelBook } from './model-book.ts';
import { fitPlattScaling } from './platt-scaling.ts';
import { rewindSubject } from './rewind-state.ts';
import { clampRisk } from './risk-bounds.ts';
import {
  RISK_FEATURE_NAMES,
  riskFeatureVector,
  riskSafeIndicatorIds,
  typicalGapOf,
  type VisitPattern,
  visitPattern,
} from './risk-features.ts';
import {
  bgNbdCalibrated,
  type CandidateEvaluation,
  type ChainRiskModel,
  type LearnedRisk,
  learnedRisk,
  type RiskCandidate,
  type RiskSource,
  type StoreRiskModel,
} from './risk-model.ts';
import { rocAuc } from './roc-auc.ts';
import { fitStoreModels } from './store-models.ts';
import { TolerantModelBook } from './tolerant-model-book.ts';

/**
 * Fits the calibrated risk of no visit within the horizon on the chain's own past (the plan's cut
 * date and horizon), and judges it against the alternatives on customers it never learned from:
 *
 * 1. Every customer with a visit before the cut is read as of the cut (features, the policy's
 *    level, BG/NBD fitted as of the cut), and labelled by whether they visited in the horizon after.
 * 2. 70% (by a hash of the id) learn: a ridge logistic regression, its penalty chosen by 3-fold
 *    cross-validation, and calibrated by Platt scaling on the scores each customer got from the
 *    fold model that did not learn from them (held back from it); BG/NBD's own risk calibrated by
 *    Platt scaling, the rules by the share lost at each level, and the base rates, on the same 70%
 *    (none of those learns from outcomes otherwise).
 * 3. The other 30% are held back from all of it and judge every candidate: AUC, and the expected
 *    calibration error over 10 equal-width bins.
 * 4. The choice: of the candidates whose AUC is within CHOICE_AUC_MARGIN of the best, the best
 *    calibrated. The others remain as fallbacks, so every customer gets a number.
 *
 * A store with LEARN_OWN_MIN customers learning gets a model of its own; the others use the chain's.
 */
export interface RiskFitOptions {
  /** Customers as of the cut date, folded from their events; without one, a customer is wound back from the end state (rewind-state.ts). */
  atCut?: ReadonlyMap<string, ScoringSubject>;
  /** The time unit BG/NBD is fitted in as of the cut: the unit of the models it will be used with. Default week. */
  unit?: TimeUnit;
}

export interface RiskFit {
  plan: LookbackPlan;
  chain: ChainRiskModel;
  stores: Map<string, StoreRiskModel>;
  /** Customers with a visit before the cut, learning, held back, and the share of them who did not come back. */
  counts: { labelled: number; learning: number; heldBack: number; lostShare: number | undefined };
}

/** Candidates whose AUC is this close to the best count as ranking as well. */
export const CHOICE_AUC_MARGIN = 0.01;
/** The fewest customers the chain's model learns from, and the fewest of each outcome among them. */
export const LEARN_MIN = 100;
export const LEARN_MIN_PER_OUTCOME = 10;
export const HELD_BACK_MIN = 40;
/** A store learns a model of its own from this many customers (and 50 of each outcome). */
export const LEARN_OWN_MIN = 1000;
const LEARN_OWN_MIN_PER_OUTCOME = 50;
const LAMBDA_GRID = [0.1, 1, 10, 100, 1000];
const CV_FOLDS = 3;

interface Example {
  customerId: string;
  storeId: string;
  part: SplitPart;
  pattern: VisitPattern;
  lost: boolean;
  level: number;
  /** BG/NBD's own risk as of the cut, when it has one. */
  bgNbdRisk: number | undefined;
  outlook: ReturnType<ModelBook['outlook']> | undefined;
  fired: { core: number; other: number };
}

export function fitRiskModel(
  customers: readonly ScoringSubject[],
  plan: LookbackPlan,
  policy: Policy,
  clock: ZonedClock,
  options: RiskFitOptions = {},
): RiskFit {
  const base = {
    version: 1 as const,
    policyVersion: policy.version,
    horizonWeeks: plan.horizonWeeks,
    policyHorizonWeeks: plan.policyHorizonWeeks,
    cutAt: clock.formatInstant(plan.cutAt),
    note: plan.note ?? null,
  };
  if (!plan.canLearn) {
    return {
      plan,
      chain: {
        ...base,
        chosen: 'bg-nbd',
        reason: `nothing learned (${plan.note}): BG/NBD's own risk where it has one, else ${PRIOR_RISK} (unknown)`,
        learned: null,
        bgNbdCalibration: null,
        levelRates: null,
        baseRates: null,
        evaluation: [],
      },
      stores: new Map(),
      counts: { labelled: 0, learning: 0, heldBack: 0, lostShare: undefined },
    };
  }

  const examples = labelledExamples(customers, plan, policy, clock, options);
  const learning = examples.filter((example) => example.part === 'learn');
  const heldBack = examples.filter((example) => example.part === 'held-back');
  const lostShare =
    examples.length > 0 ? examples.filter((example) => example.lost).length / examples.length : undefined;
  const counts = { labelled: examples.length, learning: learning.length, heldBack: heldBack.length, lostShare };

  const baseRates = fitBaseRates(learning.map(({ storeId, pattern, lost }) => ({ storeId, pattern, lost }))) ?? null;
  const chainGap = typicalGapOf(learning.map((example) => example.pattern));
  const learnedWhy = enoughToLearn(learning, heldBack, LEARN_MIN, LEARN_MIN_PER_OUTCOME, HELD_BACK_MIN);
  const chainLearned = learnedWhy === undefined ? learnModel(learning, chainGap) : null;

  const firstVisitByStore = new Map<string, number | undefined>();
  for (const { profile, state } of customers) {
    const first = firstVisitByStore.get(profile.storeId);
    const own = state.visits.firstAt ?? undefined;
    firstVisitByStore.set(
      profile.storeId,
      first === undefined ? own : own === undefined ? first : Math.min(first, own),
    );
  }
  const storeIds = [...firstVisitByStore.keys()].sort();
  const learningByStore = groupByStore(learning);
  const heldBackByStore = groupByStore(heldBack);
  const ownLearned = new Map<string, LearnedRisk>();
  const storeNotes = new Map<string, string>();
  const fallsBackTo =
    chainLearned === null
      ? `falls back with the chain (nothing learned: ${learnedWhy})`
      : "uses the chain's learned model";
  for (const storeId of storeIds) {
    const storeLearning = learningByStore.get(storeId) ?? [];
    const storeHeldBack = heldBackByStore.get(storeId) ?? [];
    if (storeLearning.length + storeHeldBack.length === 0) {
      const first = firstVisitByStore.get(storeId);
      storeNotes.set(
        storeId,
        `too little history to learn from: no customer had visited before the cut${first === undefined ? '' : ` (its first visit ${clock.formatInstant(first).slice(0, 10)})`}; ${fallsBackTo}`,
      );
      continue;
    }
    const why = enoughToLearn(storeLearning, storeHeldBack, LEARN_OWN_MIN, LEARN_OWN_MIN_PER_OUTCOME, HELD_BACK_MIN);
    if (why === undefined && chainLearned !== null) {
      ownLearned.set(storeId, learnModel(storeLearning, typicalGapOf(storeLearning.map((example) => example.pattern))));
    } else {
      storeNotes.set(
        storeId,
        `too little history for a model of its own (${why ?? 'the chain learned none'}); ${fallsBackTo}`,
      );
    }
  }
  const modelFor = (storeId: string): LearnedRisk | null => ownLearned.get(storeId) ?? chainLearned;

  // Calibrations, all fitted on the learning customers (BG/NBD and the levels never saw their
  // outcomes; the learned model is calibrated on its cross-validation folds' scores); the
  // held-back customers judge them all, and nothing is fitted on them.
  const bgNbdLearning = learning.filter((example) => example.bgNbdRisk !== undefined);
  const bgNbdCalibration =
    bgNbdLearning.length >= 2
      ? fitPlattScaling(
          bgNbdLearning.map((example) => logit(example.bgNbdRisk as number, 1e-7)),
          bgNbdLearning.map((example) => example.lost),
        )
      : null;
  const levelRates = learning.length > 0 ? levelRatesOf(learning) : null;

  // Each held-back customer's risk by each candidate, as it would be in use (base rate where the candidate has no number).
  const predictions = heldBack.map((example) => {
    const fallback = baseRates ? baseRateOf(baseRates, example.storeId, example.pattern).risk : PRIOR_RISK;
    const model = modelFor(example.storeId);
    const predicted: Partial<Record<RiskCandidate, number>> = {
      'base-rate': fallback,
      rules: (levelRates?.[example.level] as number | undefined) ?? fallback,
      'bg-nbd-raw': example.bgNbdRisk ?? fallback,
      'bg-nbd': example.bgNbdRisk === undefined ? fallback : bgNbdCalibrated(bgNbdCalibration, example.bgNbdRisk),
    };
    if (model) predicted.learned = learnedRisk(model, featuresOf(example, model));
    return { example, predicted };
  });
  const candidates: RiskCandidate[] = [
    'rules',
    'base-rate',
    'bg-nbd-raw',
    'bg-nbd',
    ...(chainLearned ? (['learned'] as const) : []),
  ];
  const evaluate = (rows: typeof predictions): CandidateEvaluation[] =>
    candidates.map((candidate) => {
      const scored = rows
        .filter((row) => row.predicted[candidate] !== undefined)
        .map((row) => ({
          score: row.predicted[candidate] as number,
          probability: row.predicted[candidate] as number,
          positive: row.example.lost,
        }));
      const own = rows.filter((row) =>
        candidate.startsWith('bg-nbd') ? row.example.bgNbdRisk !== undefined : true,
      ).length;
      return {
        candidate,
        customers: scored.length,
        coverage: rows.length > 0 ? round(own / rows.length, 4) : 0,
        auc: roundOrNull(rocAuc(scored)),
        ece: roundOrNull(calibrationReport(scored)?.ece),
      };
    });
  const evaluation = evaluate(predictions);
  const lostAtAll = examples.filter((example) => example.lost).length;
  const oneOutcome = lostAtAll === 0 || lostAtAll === examples.length;
  const { chosen, reason } = oneOutcome
    ? {
        chosen: 'bg-nbd' as const,
        reason: `every customer before the cut had the same outcome (${lostAtAll} of ${examples.length} lost): nothing to calibrate or judge on, so BG/NBD's own risk where it has one, else the base rate`,
      }
    : choose(
        evaluation,
        heldBack.some((example) => example.bgNbdRisk !== undefined),
      );

  const chain: ChainRiskModel = {
    ...base,
    chosen,
    reason,
    learned: chainLearned,
    bgNbdCalibration: oneOutcome ? null : bgNbdCalibration,
    levelRates: oneOutcome ? null : levelRates,
    baseRates,
    evaluation,
  };
  if (chainLearned === null) chain.note = [plan.note, `no learned model: ${learnedWhy}`].filter(Boolean).join('; ');
  const stores = new Map<string, StoreRiskModel>();
  const predictionsByStore = new Map<string, typeof predictions>();
  for (const row of predictions) {
    const list = predictionsByStore.get(row.example.storeId);
    if (list) list.push(row);
    else predictionsByStore.set(row.example.storeId, [row]);
  }
  for (const storeId of storeIds) {
    stores.set(storeId, {
      learned: ownLearned.get(storeId) ?? null,
      note: storeNotes.get(storeId) ?? null,
      evaluation: evaluate(predictionsByStore.get(storeId) ?? []),
    });
  }
  return { plan, chain, stores, counts };
}

/** The risk when nothing is known: neither a fitted model nor any past to learn from. */
export const PRIOR_RISK = 0.5;

function labelledExamples(
  customers: readonly ScoringSubject[],
  plan: LookbackPlan,
  policy: Policy,
  clock: ZonedClock,
  options: RiskFitOptions,
): Example[] {
  const cut = plan.cutAt;
  const horizonEnd = cut + plan.horizonWeeks * 7 * DAY_MS;
  const read: Array<{ subject: ScoringSubject; atCut: ScoringSubject; pattern: VisitPattern }> = [];
  for (const subject of customers) {
    const atCut = options.atCut?.get(subject.profile.customerId) ?? rewindSubject(subject, cut);
    const pattern = visitPattern(atCut.state, cut, clock);
    if (pattern !== undefined) read.push({ subject, atCut, pattern });
  }
  // BG/NBD as the monthly fit would have had it at the cut: per store, on the history before it.
  const fittedAtCut = fitStoreModels(
    read.map(({ atCut }) => atCut),
    cut,
    options.unit ?? 'week',
    clock,
  );
  const forFeatures = new TolerantModelBook(fittedAtCut, plan.horizonWeeks);
  const forPolicy = new TolerantModelBook(fittedAtCut, plan.policyHorizonWeeks);
  const { assess } = new PolicyScorer(policy, { models: forPolicy }).at(cut);
  const safe = riskSafeIndicatorIds(policy);
  return read.map(({ subject, atCut, pattern }) => {
    const assessment = assess(atCut);
    const outlook = forFeatures.outlook(atCut, cut, clock);
    let core = 0;
    let otherFired = 0;
    for (const finding of assessment.fired) {
      if (!safe.has(finding.id)) continue;
      if (finding.core) core += 1;
      else otherFired += 1;
    }
    return {
      customerId: subject.profile.customerId,
      storeId: subject.profile.storeId,
      part: splitPartOf(subject.profile.customerId),
      pattern,
      lost: !visitedIn(subject.state.visits.recentAt, cut, horizonEnd),
      level: assessment.level,
      bgNbdRisk: outlook.ok ? outlook.risk : undefined,
      outlook,
      fired: { core, other: otherFired },
    };
  });
}

function groupByStore(examples: readonly Example[]): Map<string, Example[]> {
  const groups = new Map<string, Example[]>();
  for (const example of examples) {
    const group = groups.get(example.storeId);
    if (group) group.push(example);
    else groups.set(example.storeId, [example]);
  }
  return groups;
}

function visitedIn(visits: readonly number[], from: number, to: number): boolean {
  return visits.some((at) => at > from && at <= to);
}

const featureCache = new WeakMap<Example, Map<number, number[]>>();
function featuresOf(example: Example, model: Pick<LearnedRisk, 'typicalGapDays'>): number[] {
  let byGap = featureCache.get(example);
  if (byGap === undefined) {
    byGap = new Map();
    featureCache.set(example, byGap);
  }
  let features = byGap.get(model.typicalGapDays);
  if (features === undefined) {
    features = riskFeatureVector(example.pattern, example.outlook, example.fired, model.typicalGapDays);
    byGap.set(model.typicalGapDays, features);
  }
  return features;
}

function enoughToLearn(
  learning: readonly Example[],
  heldBack: readonly Example[],
  min: number,
  minPerOutcome: number,
  heldBackMin: number,
): string | undefined {
  const lost = learning.filter((example) => example.lost).length;
  if (learning.length < min) return `${learning.length} customers to learn from before the cut (needs ${min})`;
  if (lost < minPerOutcome || learning.length - lost < minPerOutcome)
    return `${lost} lost and ${learning.length - lost} kept among those learned from (needs ${minPerOutcome} of each)`;
  if (heldBack.length < heldBackMin) return `${heldBack.length} customers held back (needs ${heldBackMin})`;
  return undefined;
}

/** A ridge logistic regression on the learning customers, its penalty by cross-validation, calibrated on the held-back ones. */
function learnModel(learning: readonly Example[], typicalGapDays: number): LearnedRisk {
  const gap = { typicalGapDays };
  const raw = learning.map((example) => featuresOf(example, gap));
  const d = RISK_FEATURE_NAMES.length;
  const fill = Array.from({ length: d }, (_, j) => {
    const present = raw.map((row) => row[j] as number).filter((value) => !Number.isNaN(value));
    return present.length > 0 ? round(present.reduce((sum, value) => sum + value, 0) / present.length, 9) : 0;
  });
  const filled = raw.map((row) => row.map((value, j) => (Number.isNaN(value) ? (fill[j] as number) : value)));
  const standardiser = standardiserOf(filled);
  const z = filled.map((row) => standardise(standardiser, row));
  const y = learning.map((example) => (example.lost ? 1 : 0));
  const { lambda, outOfFold } = crossValidated(
    z,
    y,
    learning.map((example) => example.customerId),
  );
  const fit = fitLogistic(z, y, { lambda });
  const model: LearnedRisk = {
    features: [...RISK_FEATURE_NAMES],
    fill,
    mean: standardiser.mean.map((value) => round(value, 9)),
    scale: standardiser.scale.map((value) => round(value, 9)),
    intercept: round(fit.intercept, 9),
    coefficients: fit.coefficients.map((value) => round(value, 9)),
    lambda,
    calibration: { slope: 1, intercept: 0 },
    typicalGapDays: round(typicalGapDays, 3),
    learnedFrom: learning.length,
    lost: y.filter((value) => value === 1).length,
  };
  // Platt scaling on the log-odds each customer got from the fold model that did not learn from them.
  const calibration = fitPlattScaling(
    outOfFold,
    learning.map((example) => example.lost),
  );
  model.calibration = { slope: round(calibration.slope, 9), intercept: round(calibration.intercept, 9) };
  return model;
}

/**
 * The penalty with the least out-of-fold log-loss over 3 folds (by a hash of the id; the larger
 * penalty on a tie), and each customer's log-odds at that penalty from the fold model that did
 * not learn from them: what the calibration is fitted on.
 */
function crossValidated(
  z: readonly Float64Array[],
  y: readonly number[],
  ids: readonly string[],
): { lambda: number; outOfFold: number[] } {
  const fold = ids.map((id) => fnv1a(`${id}#fold`) % CV_FOLDS);
  let best = { lambda: LAMBDA_GRID[0] as number, loss: Number.POSITIVE_INFINITY, outOfFold: [] as number[] };
  for (const lambda of LAMBDA_GRID) {
    let loss = 0;
    const outOfFold = new Array<number>(z.length).fill(0);
    for (let k = 0; k < CV_FOLDS; k++) {
      const train = z.filter((_, i) => fold[i] !== k);
      const trainY = y.filter((_, i) => fold[i] !== k);
      if (train.length === 0) continue;
      const fit = fitLogistic(train, trainY, { lambda });
      for (let i = 0; i < z.length; i++) {
        if (fold[i] !== k) continue;
        const eta = linearPredictor(fit, z[i] as Float64Array);
        outOfFold[i] = eta;
        loss += softplus(eta) - (y[i] as number) * eta;
      }
    }
    if (loss <= best.loss * (1 + 1e-9)) best = { lambda, loss, outOfFold };
  }
  return { lambda: best.lambda, outOfFold: best.outOfFold };
}

/** The share lost at each level 0-3 among the given customers, each pulled toward their overall share by 10 customers' worth. */
function levelRatesOf(examples: readonly Example[]): number[] {
  const overall = examples.length > 0 ? examples.filter((example) => example.lost).length / examples.length : 0.5;
  return [0, 1, 2, 3].map((level) => {
    const at = examples.filter((example) => example.level === level);
    return round(clampRisk((at.filter((example) => example.lost).length + 10 * overall) / (at.length + 10)), 6);
  });
}

const SOURCE_OF: Record<Exclude<RiskCandidate, 'bg-nbd-raw'>, RiskSource> = {
  learned: 'learned',
  'bg-nbd': 'bg-nbd',
  rules: 'rules',
  'base-rate': 'base-rate',
};
const PREFERENCE: ReadonlyArray<Exclude<RiskCandidate, 'bg-nbd-raw'>> = ['learned', 'bg-nbd', 'base-rate', 'rules'];

function choose(
  evaluation: readonly CandidateEvaluation[],
  bgNbdJudged: boolean,
): { chosen: RiskSource; reason: string } {
  const eligible = PREFERENCE.flatMap((candidate) => {
    const row = evaluation.find((r) => r.candidate === candidate);
    if (row === undefined || row.auc === null || row.ece === null) return [];
    if (candidate === 'bg-nbd' && !bgNbdJudged) return [];
    return [{ candidate, auc: row.auc, ece: row.ece }];
  });
  if (eligible.length === 0)
    return { chosen: 'base-rate', reason: 'no candidate could be judged on the held-back customers' };
  const bestAuc = Math.max(...eligible.map((row) => row.auc));
  const good = eligible.filter((row) => row.auc >= bestAuc - CHOICE_AUC_MARGIN);
  const pick = good.reduce((best, row) => (row.ece < best.ece ? row : best));
  return {
    chosen: SOURCE_OF[pick.candidate],
    reason: `the best calibrated (ECE ${pick.ece.toFixed(3)}) of those ranking within ${CHOICE_AUC_MARGIN} of the best AUC (${bestAuc.toFixed(3)}): ${good.map((row) => row.candidate).join(', ')}`,
  };
}

const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;
const roundOrNull = (value: number | undefined): number | null => (value === undefined ? null : round(value, 4));
