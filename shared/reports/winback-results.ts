import type { Level } from '../policy/policy-schema.ts';
import { shiftMonth } from './report-period.ts';

/** A closed case of the results cohort, with what the customer did around it (from the recorded events and the ledger). */
export interface ResultCase {
  storeId: string;
  level: Level;
  status: string;
  identifiedAt: string;
  closedAt: string;
  /** Visits (epoch ms, yuan) and surveys (epoch ms, score 0-100) from before the alert to the end of the window after closing. */
  visits: ReadonlyArray<{ at: number; amount: number }>;
  surveys: ReadonlyArray<{ at: number; score: number }>;
  /** What the benefits issued in this case cost (the ledger, for finance). */
  benefitCost: number;
}

export interface ResultsRow {
  storeId: string;
  level: Level;
  /** Cases closed in the cohort month (worked, not held out). */
  closed: number;
  recovered: number;
  /** Recovered customers who visited again within the window after the case closed (Art. 18: repurchase within 3 months). */
  repurchased: number;
  repurchaseRate: number | undefined;
  /** Customers with a survey both before the alert and after it; the change is the mean after minus the mean before. */
  satisfaction: { pairs: number; before: number; after: number; change: number } | undefined;
  benefitCost: number;
  /** What recovered customers spent from the alert to the end of the window after closing. */
  recoveredRevenue: number;
  /** Revenue per yuan of benefit (挽回成本收益率); none when nothing was spent. */
  returnOnCost: number | undefined;
}

const DAY_MS = 86_400_000;
const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * The results part of the monthly evaluation (Art. 18) for the cases that closed in a month whose
 * windows have all ended: repurchase among the recovered, satisfaction before and after, and the
 * benefits' cost against the revenue of the customers they won back. Per store and level, every
 * store with its rows.
 */
export function winbackResults(
  cases: readonly ResultCase[],
  stores: readonly string[],
  windows: { afterDays: number; beforeDays: number },
): ResultsRow[] {
  const rows: ResultsRow[] = [];
  for (const storeId of stores) {
    for (const level of [1, 2, 3] as const) {
      const here = cases.filter((c) => c.storeId === storeId && c.level === level);
      const recovered = here.filter((c) => c.status === 'recovered');
      const windowEnd = (c: ResultCase) => Date.parse(c.closedAt) + windows.afterDays * DAY_MS;
      const repurchased = recovered.filter((c) =>
        c.visits.some((visit) => visit.at > Date.parse(c.closedAt) && visit.at <= windowEnd(c)),
      ).length;
      const pairs = here.flatMap((c) => {
        const alertAt = Date.parse(c.identifiedAt);
        const before = c.surveys
          .filter((s) => s.at >= alertAt - windows.beforeDays * DAY_MS && s.at < alertAt)
          .map((s) => s.score);
        const after = c.surveys.filter((s) => s.at > alertAt && s.at <= windowEnd(c)).map((s) => s.score);
        return before.length && after.length ? [{ before: mean(before), after: mean(after) }] : [];
      });
      const benefitCost = round2(here.reduce((sum, c) => sum + c.benefitCost, 0));
      const recoveredRevenue = round2(
        recovered.reduce(
          (sum, c) =>
            sum +
            c.visits
              .filter((v) => v.at > Date.parse(c.identifiedAt) && v.at <= windowEnd(c))
              .reduce((total, v) => total + v.amount, 0),
          0,
        ),
      );
      const before = pairs.length ? mean(pairs.map((p) => p.before)) : 0;
      const after = pairs.length ? mean(pairs.map((p) => p.after)) : 0;
      rows.push({
        storeId,
        level,
        closed: here.length,
        recovered: recovered.length,
        repurchased,
        repurchaseRate: recovered.length ? repurchased / recovered.length : undefined,
        satisfaction: pairs.length ? { pairs: pairs.length, before, after, change: after - before } : undefined,
        benefitCost,
        recoveredRevenue,
        returnOnCost: benefitCost > 0 ? recoveredRevenue / benefitCost : undefined,
      });
    }
  }
  return rows;
}

/**
 * The latest month, at or before `month`, whose cases' windows have all ended by the end of
 * `month`: a case closed on its last day plus `afterDays` still falls inside. With the 90-day
 * window of Art. 18 that is usually three months back ("2026-11" -> "2026-08").
 */
export function resultsCohortMonth(month: string, afterDays: number): string {
  // A month's last day, as a UTC date, from the first day of the month after it.
  const endOf = (m: string) => Date.parse(`${shiftMonth(m, 1)}-01T00:00:00Z`) - DAY_MS;
  let cohort = month;
  while (endOf(cohort) + afterDays * DAY_MS > endOf(month)) cohort = shiftMonth(cohort, -1);
  return cohort;
}
