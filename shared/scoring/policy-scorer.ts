import type { Segment } from '../customer/customer-file-schema.ts';
import type { ScoringSubject } from '../customer/scoring-subject.ts';
import { AsOf } from '../indicators/as-of.ts';
import { INDICATOR_KINDS } from '../indicators/indicator-catalog.ts';
import type { BoundIndicator, IndicatorKind } from '../indicators/indicator-kind.ts';
import type { ModelBook } from '../model/model-book.ts';
import type { AlertLevel, IndicatorConfig, Policy } from '../policy/policy-schema.ts';
import { ZonedClock } from '../time/zoned-clock.ts';
import { compileTiers } from './customer-tier.ts';
import { compileLevelRule, type FiredIndicator, type LevelOf, type LevelVerdict } from './level-rule.ts';

export interface Finding {
  id: string;
  core: boolean;
  evidence: string;
  weight?: number;
}

export interface CustomerScore {
  customerId: string;
  storeId: string;
  level: AlertLevel;
  band?: string;
  score?: number;
  tier?: string;
  indicators: Finding[];
  /** With fitted models: what the BG/NBD model says over the policy horizon (or why it says nothing). */
  model?: { pAlive: number; expectedVisits: number; risk: number } | { note: string };
  policyVersion: string;
}

/** What a scan needs of every customer: the level and which indicators fired, without evidence text. */
export interface Assessment extends LevelVerdict {
  fired: readonly FiredIndicator[];
}

export interface BoundPolicy {
  /** Level and fired indicators: cheap, run for every customer. */
  assess(subject: ScoringSubject): Assessment;
  /** The full score with each indicator's evidence: for the customers an alert is raised for. */
  score(subject: ScoringSubject): CustomerScore;
}

interface BoundEntry extends FiredIndicator {
  customers: IndicatorConfig['customers'];
  indicator: BoundIndicator;
}

// Looked up by a policy's `kind`, each kind's thresholds are only `unknown` here: the policy schema
// checked them against that kind's own schema (a union discriminated by kind), so any kind binds them.
const KINDS = new Map<string, IndicatorKind>(INDICATOR_KINDS.map((kind) => [kind.kind, kind]));

/**
 * A policy made ready to score: the level rule compiled once, the indicators bound to an as-of
 * moment once per run (`at`), so that assessing a customer is a few comparisons per indicator.
 */
export class PolicyScorer {
  readonly policy: Policy;
  readonly clock: ZonedClock;
  readonly #levelOf: LevelOf;
  readonly #models: ModelBook | undefined;

  constructor(policy: Policy, options: { models?: ModelBook } = {}) {
    this.policy = policy;
    this.clock = new ZonedClock(policy.timeZone);
    this.#levelOf = compileLevelRule(policy.levels);
    this.#models = options.models;
  }

  at(asOfInstant: number): BoundPolicy {
    const asOf = new AsOf(asOfInstant, this.clock, this.#models);
    const bySegment: Record<Segment, BoundEntry[]> = { member: [], regular: [] };
    for (const config of this.policy.indicators) {
      if (!config.enabled) continue;
      const kind = KINDS.get(config.kind);
      if (kind === undefined) throw new Error(`indicator ${config.id}: unknown kind ${config.kind}`);
      for (const segment of ['member', 'regular'] as const) {
        const thresholds = config.thresholds[segment];
        if (thresholds === null) continue;
        const entry: BoundEntry = {
          id: config.id,
          core: config.core,
          customers: config.customers,
          indicator: kind.bind(thresholds, asOf),
        };
        if (config.weight !== undefined) entry.weight = config.weight;
        bySegment[segment].push(entry);
      }
    }
    const levelOf = this.#levelOf;
    const tierOf = compileTiers(this.policy.tiers, asOf);
    const policyVersion = this.policy.version;

    const assess = (subject: ScoringSubject): Assessment => {
      const { core } = subject.profile;
      const fired: BoundEntry[] = [];
      for (const entry of bySegment[subject.profile.segment]) {
        if (entry.customers !== 'all' && (entry.customers === 'core') !== core) continue;
        if (entry.indicator.fires(subject)) fired.push(entry);
      }
      const verdict = levelOf(fired) as Assessment;
      verdict.fired = fired;
      return verdict;
    };

    const score = (subject: ScoringSubject): CustomerScore => {
      const assessment = assess(subject);
      const result: CustomerScore = {
        customerId: subject.profile.customerId,
        storeId: subject.profile.storeId,
        level: assessment.level,
        indicators: (assessment.fired as BoundEntry[]).map((entry) => {
          const finding: Finding = { id: entry.id, core: entry.core, evidence: entry.indicator.explain(subject) };
          if (entry.weight !== undefined) finding.weight = entry.weight;
          return finding;
        }),
        policyVersion,
      };
      if (assessment.band !== undefined) result.band = assessment.band;
      if (assessment.score !== undefined) result.score = assessment.score;
      const tier = tierOf?.(subject.state);
      if (tier !== undefined) result.tier = tier;
      const outlook = asOf.models?.outlook(subject, asOf.at, asOf.clock);
      if (outlook !== undefined) {
        result.model = outlook.ok
          ? { pAlive: outlook.pAlive, expectedVisits: outlook.expectedVisits, risk: outlook.risk }
          : { note: outlook.reason };
      }
      return result;
    };

    return { assess, score };
  }
}
