import type { ScoringSubject } from '../../shared/customer/scoring-subject.ts';
import type { ModelBook } from '../../shared/model/model-book.ts';
import { rocAuc } from '../../shared/model/roc-auc.ts';
import type { BoundPolicy } from '../../shared/scoring/policy-scorer.ts';
import type { ZonedClock } from '../../shared/time/zoned-clock.ts';

/** A customer as the backtest sees them: their history up to the as-of moment, and whether they came back within the horizon. */
export interface BacktestCustomer {
  subject: ScoringSubject;
  returned: boolean;
}

export interface LevelRow {
  /** 1, 2, 3, or "any" for every alerted customer. */
  level: 1 | 2 | 3 | 'any';
  alerted: number;
  /** Alerted customers as a share of all customers. */
  alertedShare: number;
  /** Of the alerted, the share who did not come back (warning accuracy, Art. 24). */
  precision: number | undefined;
  /** Of those who did not come back, the share alerted. */
  recall: number | undefined;
}

export interface BacktestResult {
  customers: number;
  didNotReturn: number;
  rows: LevelRow[];
  /** AUC of the model's risk for "did not come back", over the customers the model could judge. */
  riskAuc: number | undefined;
  judgedByModel: number;
}

/**
 * Scores everyone on the history before the as-of moment and uses what happened after it as the
 * truth: per level, how many were alerted, how many of those really stayed away (precision) and
 * how many of those who stayed away were caught (recall); and how well the model's risk ranks them.
 */
export function backtestPolicy(
  customers: readonly BacktestCustomer[],
  bound: BoundPolicy,
  models: ModelBook | undefined,
  asOf: number,
  clock: ZonedClock,
): BacktestResult {
  const levels = customers.map(({ subject }) => bound.assess(subject).level);
  const gone = customers.map((customer) => !customer.returned);
  const didNotReturn = gone.filter(Boolean).length;
  const row = (level: LevelRow['level']): LevelRow => {
    const picked = levels.map((l) => (level === 'any' ? l > 0 : l === level));
    const alerted = picked.filter(Boolean).length;
    const hits = picked.filter((p, i) => p && gone[i]).length;
    return {
      level,
      alerted,
      alertedShare: customers.length ? alerted / customers.length : 0,
      precision: alerted ? hits / alerted : undefined,
      recall: didNotReturn ? hits / didNotReturn : undefined,
    };
  };
  const risks: Array<{ score: number; positive: boolean }> = [];
  if (models) {
    customers.forEach(({ subject }, i) => {
      const outlook = models.outlook(subject, asOf, clock);
      if (outlook.ok) risks.push({ score: outlook.risk, positive: gone[i] as boolean });
    });
  }
  return {
    customers: customers.length,
    didNotReturn,
    rows: [row(1), row(2), row(3), row('any')],
    riskAuc: rocAuc(risks),
    judgedByModel: risks.length,
  };
}
