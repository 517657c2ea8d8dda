import { csvFile, shareCell } from './csv-file.ts';
import type { EvaluationRow } from './winback-evaluation.ts';
import type { ResultsRow } from './winback-results.ts';

/** The evaluation as one CSV row per store and level: the month's rates, then the results of the cohort whose window has passed. */
export function evaluationCsv(
  rows: readonly EvaluationRow[],
  results: { cohort: string; rows: readonly ResultsRow[] },
): string {
  const resultOf = new Map(results.rows.map((row) => [`${row.storeId}#${row.level}`, row]));
  return csvFile(
    [
      'store',
      'level',
      'alerted',
      'recovered',
      'open',
      'successRate',
      'low95',
      'high95',
      'target',
      'mark',
      'uplift',
      'upliftLow95',
      'upliftHigh95',
      'resultsCohort',
      'closedInCohort',
      'recoveredInCohort',
      'repurchased',
      'repurchaseRate',
      'satisfactionPairs',
      'satisfactionBefore',
      'satisfactionAfter',
      'satisfactionChange',
      'benefitCost',
      'recoveredRevenue',
      'returnOnCost',
    ],
    rows.map((row) => {
      const result = resultOf.get(`${row.storeId}#${row.level}`);
      return [
        row.storeId,
        row.level,
        row.alerted,
        row.recovered,
        row.open,
        shareCell(row.successRate),
        shareCell(row.interval?.low),
        shareCell(row.interval?.high),
        row.target,
        row.mark,
        shareCell(row.uplift?.difference),
        shareCell(row.uplift?.low),
        shareCell(row.uplift?.high),
        results.cohort,
        result?.closed ?? 0,
        result?.recovered ?? 0,
        result?.repurchased ?? 0,
        shareCell(result?.repurchaseRate),
        result?.satisfaction?.pairs ?? 0,
        result?.satisfaction?.before.toFixed(2) ?? '',
        result?.satisfaction?.after.toFixed(2) ?? '',
        result?.satisfaction?.change.toFixed(2) ?? '',
        (result?.benefitCost ?? 0).toFixed(2),
        (result?.recoveredRevenue ?? 0).toFixed(2),
        result?.returnOnCost?.toFixed(4) ?? '',
      ];
    }),
  );
}
