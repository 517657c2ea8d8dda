import type { ScoringSubject } from '../customer/scoring-subject.ts';
import type { Policy } from '../policy/policy-schema.ts';
import { type Assessment, type BoundPolicy, PolicyScorer } from '../scoring/policy-scorer.ts';
import type { ZonedClock } from '../time/zoned-clock.ts';
import { baseRateOf, describeCell } from './base-rates.ts';
import { PRIOR_RISK } from './fit-risk-model.ts';
import type { FittedModel, ModelBook } from './model-book.ts';
import { type FiredCounts, riskFeatureVector, riskSafeIndicatorIds, visitPattern } from './risk-features.ts';
import {
  bgNbdCalibrated,
  type ChainRiskModel,
  featuresMatch,
  type LearnedRisk,
  learnedReasons,
  learnedRisk,
  type RiskSource,
  type StoreRiskModel,
} from './risk-model.ts';
import { TolerantModelBook } from './tolerant-model-book.ts';

/** A model as kept: the store's BG/NBD parameters and, since the risk model, its part of that (the chain's "*" entry holds the shared part). */
export interface KeptModel extends FittedModel {
  risk?: ChainRiskModel | StoreRiskModel;
}

/** What the risk model says of one customer. */
export interface RiskReading {
  /** The probability of no visit within `horizonWeeks`, strictly between 0 and 1. */
  risk: number;
  source: RiskSource;
  horizonWeeks: number;
  /** BG/NBD over the same horizon, when it has a number for the customer. */
  pAlive?: number;
  expectedVisits?: number;
  /** What pushed a learned risk up most (log-odds each feature adds), for the manager's "why". */
  reasons?: Array<{ feature: string; logOdds: number }>;
  /** What a base rate stands for, or why nothing better spoke. */
  note?: string;
}

const isChainPart = (risk: KeptModel['risk']): risk is ChainRiskModel => risk !== undefined && 'chosen' in risk;

/**
 * The calibrated risk of every customer, from the kept models: the chosen source when it has a
 * number for the customer, else the next that does, in the order learned, BG/NBD, base rate; a
 * chain that has nothing learned at all says PRIOR_RISK (0.5: unknown). Every customer gets a
 * number, and each number says where it came from.
 *
 * Files and tables from before the risk model (BG/NBD only) still load: their risk is BG/NBD's
 * own, uncalibrated, over the policy's horizon.
 */
export class RiskBook {
  readonly horizonWeeks: number;
  readonly chosen: RiskSource;
  readonly chain: ChainRiskModel | undefined;
  readonly clock: ZonedClock;
  readonly #order: RiskSource[];
  readonly #storeLearned: ReadonlyMap<string, LearnedRisk>;
  readonly #outlooks: ModelBook;
  readonly #scorer: PolicyScorer;
  readonly #safe: ReadonlySet<string>;
  #bound: { at: number; policy: BoundPolicy } | undefined;

  constructor(models: readonly KeptModel[], policy: Policy) {
    const chain = models.map((model) => model.risk).find(isChainPart);
    this.chain = chain;
    this.horizonWeeks = chain?.horizonWeeks ?? policy.model.horizonWeeks;
    this.chosen = chain?.chosen ?? 'bg-nbd';
    const fallbacks: RiskSource[] = ['learned', 'bg-nbd', 'base-rate'];
    this.#order = [this.chosen, ...fallbacks.filter((source) => source !== this.chosen)];
    const storeLearned = new Map<string, LearnedRisk>();
    for (const model of models) {
      if (
        model.storeId !== '*' &&
        model.risk &&
        !isChainPart(model.risk) &&
        model.risk.learned &&
        featuresMatch(model.risk.learned)
      )
        storeLearned.set(model.storeId, model.risk.learned);
    }
    this.#storeLearned = storeLearned;
    this.#outlooks = new TolerantModelBook(models, this.horizonWeeks);
    this.#scorer = new PolicyScorer(policy, { models: new TolerantModelBook(models, policy.model.horizonWeeks) });
    this.clock = this.#scorer.clock;
    this.#safe = riskSafeIndicatorIds(policy);
  }

  /**
   * The risk of one customer as of a moment. Pass the policy's assessment of the customer at the
   * same moment when there is one (a scan has it); otherwise it is made here.
   */
  riskOf(subject: ScoringSubject, asOf: number, assessment?: Assessment): RiskReading {
    const clock = this.clock;
    const outlook = this.#outlooks.outlook(subject, asOf, clock);
    const bgNbd = outlook.ok ? { pAlive: outlook.pAlive, expectedVisits: outlook.expectedVisits } : {};
    const pattern = visitPattern(subject.state, asOf, clock);
    const chain = this.chain;
    const assessed = () => assessment ?? this.#bind(asOf).assess(subject);
    const notes: string[] = [];
    for (const source of this.#order) {
      if (source === 'learned') {
        const model =
          this.#storeLearned.get(subject.profile.storeId) ??
          (chain?.learned && featuresMatch(chain.learned) ? chain.learned : undefined);
        if (model === undefined) continue;
        if (pattern === undefined) {
          notes.push('no visit yet: nothing for the learned model to read');
          continue;
        }
        const fired: FiredCounts = { core: 0, other: 0 };
        for (const finding of assessed().fired) {
          if (!this.#safe.has(finding.id)) continue;
          if (finding.core) fired.core += 1;
          else fired.other += 1;
        }
        const features = riskFeatureVector(pattern, outlook, fired, model.typicalGapDays);
        return {
          risk: learnedRisk(model, features),
          source,
          horizonWeeks: this.horizonWeeks,
          ...bgNbd,
          reasons: learnedReasons(model, features),
        };
      }
      if (source === 'bg-nbd') {
        if (!outlook.ok) {
          notes.push(`BG/NBD: ${outlook.reason}`);
          continue;
        }
        const calibration = chain?.bgNbdCalibration ?? null;
        return {
          risk: bgNbdCalibrated(calibration, outlook.risk),
          source,
          horizonWeeks: this.horizonWeeks,
          ...bgNbd,
          ...(calibration === null ? { note: "BG/NBD's own risk, not calibrated on this chain's past" } : {}),
        };
      }
      if (source === 'rules' && chain?.levelRates) {
        const level = assessed().level;
        return {
          risk: chain.levelRates[level] as number,
          source,
          horizonWeeks: this.horizonWeeks,
          ...bgNbd,
          note: `the share of level-${level} customers who did not come back`,
        };
      }
      if (source === 'base-rate' && chain?.baseRates) {
        const reading = baseRateOf(chain.baseRates, subject.profile.storeId, pattern);
        return {
          risk: reading.risk,
          source,
          horizonWeeks: this.horizonWeeks,
          ...bgNbd,
          note: `${describeCell(reading.cell)}: ${reading.customers} such customers in the chain's past${notes.length ? `; ${notes.join('; ')}` : ''}`,
        };
      }
    }
    return {
      risk: PRIOR_RISK,
      source: 'prior',
      horizonWeeks: this.horizonWeeks,
      ...bgNbd,
      note: [chain?.note ?? 'no risk model fitted', ...notes].join('; '),
    };
  }

  #bind(at: number): BoundPolicy {
    if (this.#bound?.at !== at) this.#bound = { at, policy: this.#scorer.at(at) };
    return this.#bound.policy;
  }
}
