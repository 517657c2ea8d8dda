import type { BaseRateTable } from './base-rates.ts';
import { linearPredictor, logit } from './logistic-regression.ts';
import { applyPlattScaling, type PlattScaling } from './platt-scaling.ts';
import { clampRisk } from './risk-bounds.ts';
import { RISK_FEATURE_NAMES } from './risk-features.ts';

/**
 * The fitted risk model as it is kept (in `winback model fit`'s file and the Models table):
 * plain JSON numbers, a few kilobytes per store, read by any Lambda without native code.
 */

/** Where a customer's risk came from, best first. */
export type RiskSource = 'learned' | 'bg-nbd' | 'rules' | 'base-rate' | 'prior';

/** The candidates compared on the held-back customers; `bg-nbd-raw` is BG/NBD's own number, uncalibrated (shown, never chosen). */
export type RiskCandidate = 'rules' | 'base-rate' | 'bg-nbd-raw' | 'bg-nbd' | 'learned';

/** A regularised logistic regression on standardised features, and its calibration. */
export interface LearnedRisk {
  /** RISK_FEATURE_NAMES when fitted: a model is used only with the features it learned on. */
  features: string[];
  /** What a missing value (NaN) is read as: the mean over the customers who had one. */
  fill: number[];
  mean: number[];
  scale: number[];
  intercept: number;
  /** Per standardised feature: the change in log-odds of not coming back for one standard deviation more. */
  coefficients: number[];
  lambda: number;
  /** Platt scaling of the log-odds, fitted on held-back customers. */
  calibration: PlattScaling;
  /** The store's usual days between visits, for customers seen once. */
  typicalGapDays: number;
  /** Customers it learned from, and how many of them did not come back. */
  learnedFrom: number;
  lost: number;
}

export interface CandidateEvaluation {
  candidate: RiskCandidate;
  /** Held-back customers judged. */
  customers: number;
  /** Of them, the share the candidate speaks for itself (the rest get the base rate, as they would in use). */
  coverage: number;
  auc: number | null;
  /** Expected calibration error, 10 equal-width bins. */
  ece: number | null;
}

/** The chain's part ("*"): the plan it learned on, the choice, and what every store shares. */
export interface ChainRiskModel {
  version: 1;
  policyVersion: string;
  /** The horizon the risk speaks of (shorter than the policy's when the history is short: see note). */
  horizonWeeks: number;
  policyHorizonWeeks: number;
  /** The cut date the model learned at (ISO, policy time zone). */
  cutAt: string;
  note: string | null;
  chosen: RiskSource;
  /** Why the choice. */
  reason: string;
  learned: LearnedRisk | null;
  /** Platt scaling of BG/NBD's log-odds of no visit. */
  bgNbdCalibration: PlattScaling | null;
  /** The calibrated risk of each level 0-3 (the rules as a score). */
  levelRates: number[] | null;
  baseRates: BaseRateTable | null;
  evaluation: CandidateEvaluation[];
}

/** A store's own part, when it has one: its own learned model (big stores), and how the candidates did on its customers. */
export interface StoreRiskModel {
  learned: LearnedRisk | null;
  /** Why the store has no model of its own. */
  note: string | null;
  evaluation: CandidateEvaluation[];
}

/** The standardised features (missing ones filled) of one feature vector. */
function prepared(model: LearnedRisk, features: readonly number[]): number[] {
  return features.map(
    (value, j) =>
      ((Number.isNaN(value) ? (model.fill[j] as number) : value) - (model.mean[j] as number)) /
      (model.scale[j] as number),
  );
}

/** The model's uncalibrated log-odds of not coming back. */
export function learnedLogOdds(model: LearnedRisk, features: readonly number[]): number {
  return linearPredictor(model, prepared(model, features));
}

export function learnedRisk(model: LearnedRisk, features: readonly number[]): number {
  return clampRisk(applyPlattScaling(model.calibration, learnedLogOdds(model, features)));
}

/** What pushed this customer's risk up most: the features whose part in the log-odds is largest, for the evidence a manager reads. */
export function learnedReasons(
  model: LearnedRisk,
  features: readonly number[],
  top = 2,
): Array<{ feature: string; logOdds: number }> {
  const z = prepared(model, features);
  return z
    .map((value, j) => ({
      feature: model.features[j] as string,
      logOdds: value * (model.coefficients[j] as number) * model.calibration.slope,
    }))
    .filter((part) => part.logOdds > 0)
    .sort((a, b) => b.logOdds - a.logOdds)
    .slice(0, top)
    .map((part) => ({ feature: part.feature, logOdds: Math.round(part.logOdds * 1000) / 1000 }));
}

export function bgNbdCalibrated(calibration: PlattScaling | null, rawRisk: number): number {
  return clampRisk(calibration === null ? rawRisk : applyPlattScaling(calibration, logit(rawRisk, 1e-7)));
}

/** Whether a kept model was fitted on the features this code computes. */
export function featuresMatch(model: LearnedRisk): boolean {
  return (
    model.features.length === RISK_FEATURE_NAMES.length &&
    model.features.every((name, j) => name === RISK_FEATURE_NAMES[j])
  );
}
