import type { ScoringSubject } from '../customer/scoring-subject.ts';
import type { ZonedClock } from '../time/zoned-clock.ts';
import { ModelBook, type ReturnOutlook } from './model-book.ts';

/**
 * A ModelBook that answers "no number" where BG/NBD cannot be evaluated: a fit on little history
 * can land on parameters where its expected visits cannot be computed to accuracy (bg-nbd.ts
 * refuses rather than guess). The risk model then reads the customer as one BG/NBD has no number
 * for, instead of failing the whole fit or scan.
 */
export class TolerantModelBook extends ModelBook {
  override outlook(subject: ScoringSubject, asOf: number, clock: ZonedClock): ReturnOutlook {
    try {
      return super.outlook(subject, asOf, clock);
    } catch (error) {
      return {
        ok: false,
        reason: `BG/NBD could not be evaluated for this customer (${(error as Error).message.slice(0, 120)})`,
      };
    }
  }
}
