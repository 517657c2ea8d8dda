import { INDICATOR_KINDS } from '../indicators/indicator-catalog.ts';
import { AsOf } from '../indicators/as-of.ts';
import type { BoundIndicator, ScoringSubject } from '../indicators/indicator-kind.ts';
import type { Segment } from '../customer/customer-file-schema.ts';
import type { AlertLevel, IndicatorConfig, Policy } from '../policy/policy-schema.ts';
import { ZonedClock } from '../time/zoned-clock.ts';
import { compileTiers } from './customer-tier.ts';
import { compileLevelRule, type LevelOf } from './level-rule.ts';

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
  policyVersion: string;
}

interface BoundEntry {
  id: string;
  core: boolean;
  weight: number | undefined;
  customers: IndicatorConfig['customers'];
  evaluate: BoundIndicator;
}

const KINDS = new Map(INDICATOR_KINDS.map((kind) => [kind.kind, kind]));

/**
 * A policy made ready to score: the level rule compiled once, the indicators bound to an as-of
 * moment once per run (`at`), so that scoring a customer is a few comparisons per indicator.
 */
export class PolicyScorer {
  readonly policy: Policy;
  readonly clock: ZonedClock;
  readonly #levelOf: LevelOf;

  constructor(policy: Policy) {
    this.policy = policy;
    this.clock = new ZonedClock(policy.timeZone);
    this.#levelOf = compileLevelRule(policy.levels);
  }

  /** The scoring function for one as-of instant. */
  at(asOfInstant: number): (subject: ScoringSubject) => CustomerScore {
    const asOf = new AsOf(asOfInstant, this.clock);
    const bySegment: Record<Segment, BoundEntry[]> = { member: [], regular: [] };
    for (const indicator of this.policy.indicators) {
      if (!indicator.enabled) continue;
      const kind = KINDS.get(indicator.kind);
      if (kind === undefined) throw new Error(`indicator ${indicator.id}: unknown kind ${indicator.kind}`);
      for (const segment of ['member', 'regular'] as const) {
        const thresholds = indicator.thresholds[segment];
        if (thresholds === null) continue;
        bySegment[segment].push({
          id: indicator.id,
          core: indicator.core,
          weight: indicator.weight,
          customers: indicator.customers,
          evaluate: kind.bind(thresholds as never, asOf),
        });
      }
    }
    const levelOf = this.#levelOf;
    const tierOf = compileTiers(this.policy.tiers, asOf);
    const policyVersion = this.policy.version;

    return (subject) => {
      const { profile } = subject;
      const findings: Finding[] = [];
      for (const entry of bySegment[profile.segment]) {
        if (entry.customers === 'core' ? !profile.core : entry.customers === 'non-core' && profile.core) continue;
        const evidence = entry.evaluate(subject);
        if (evidence === null) continue;
        findings.push(
          entry.weight === undefined
            ? { id: entry.id, core: entry.core, evidence }
            : { id: entry.id, core: entry.core, evidence, weight: entry.weight },
        );
      }
      const verdict = levelOf(findings);
      const score: CustomerScore = {
        customerId: profile.customerId,
        storeId: profile.storeId,
        level: verdict.level,
        indicators: findings,
        policyVersion,
      };
      if (verdict.band !== undefined) score.band = verdict.band;
      if (verdict.score !== undefined) score.score = verdict.score;
      if (tierOf !== undefined) {
        const tier = tierOf(subject.state);
        if (tier !== undefined) score.tier = tier;
      }
      return score;
    };
  }
}
