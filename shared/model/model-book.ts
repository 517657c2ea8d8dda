import type { ScoringSubject } from '../customer/scoring-subject.ts';
import type { ZonedClock } from '../time/zoned-clock.ts';
import { type BgNbdParams, expectedVisits, noReturnProbability, pAlive } from './bg-nbd.ts';
import { customerRfm, type TimeUnit, UNIT_DAYS } from './customer-rfm.ts';

/** A fitted model as `winback model fit` writes it (and as the monthly fit keeps it). */
export interface FittedModel {
  /** A store, or "*" for the chain. */
  storeId: string;
  unit: TimeUnit;
  params: BgNbdParams;
}

export type ReturnOutlook =
  | { ok: true; pAlive: number; expectedVisits: number; risk: number; horizonWeeks: number }
  | { ok: false; reason: string };

/**
 * The fitted models of a chain, by store (a store without its own uses the chain's), and what
 * they say of a customer over the policy's horizon: P(alive), expected visits, and the risk of
 * no visit at all.
 */
export class ModelBook {
  readonly horizonWeeks: number;
  readonly #byStore: ReadonlyMap<string, FittedModel>;

  constructor(models: readonly FittedModel[], horizonWeeks: number) {
    this.#byStore = new Map(models.map((model) => [model.storeId, model]));
    this.horizonWeeks = horizonWeeks;
  }

  outlook(subject: ScoringSubject, asOf: number, clock: ZonedClock): ReturnOutlook {
    const model = this.#byStore.get(subject.profile.storeId) ?? this.#byStore.get('*');
    if (model === undefined) return { ok: false, reason: `no model fitted for store ${subject.profile.storeId}` };
    const reading = customerRfm(subject.state, asOf, model.unit, clock);
    if (!reading.ok) return reading;
    const horizon = (this.horizonWeeks * 7) / UNIT_DAYS[model.unit];
    return {
      ok: true,
      pAlive: pAlive(model.params, reading.rfm),
      expectedVisits: expectedVisits(model.params, reading.rfm, horizon),
      risk: noReturnProbability(model.params, reading.rfm, horizon),
      horizonWeeks: this.horizonWeeks,
    };
  }
}
