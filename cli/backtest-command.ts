import { stringify } from 'csv-stringify/sync';
import { backtestChain } from '#shared/backtest/backtest-chain.ts';
import type { BacktestResult } from '#shared/backtest/policy-backtest.ts';
import { formatRecordIssue } from '#shared/customer/record-issue.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { loadPolicyOption } from './policy-option.ts';
import { inputFormatOf, readCustomers, type ReadResult } from './read-customers.ts';
import { UsageError } from './usage-error.ts';
import { writeOutput } from './write-output.ts';

export interface BacktestOptions {
  input: string;
  inputFormat?: string;
  asOf: string;
  horizon: string;
  policy: string;
  compare?: string;
  format: string;
  output?: string;
}

const DAY = 86_400_000;

/**
 * `winback backtest`: scores everyone on the history before the as-of date and checks against
 * what happened in the horizon after it, for one policy or two side by side (Art. 9's threshold
 * review). The BG/NBD model is fitted on the same history, per store.
 */
export async function backtestCommand(options: BacktestOptions, log: (line: string) => void): Promise<void> {
  const horizon = /^(\d+)([wd])$/.exec(options.horizon);
  if (horizon === null) throw new UsageError(`--horizon: expected weeks or days such as 26w or 180d, got "${options.horizon}"`);
  const horizonDays = Number(horizon[1]) * (horizon[2] === 'w' ? 7 : 1);
  if (options.format !== 'table' && options.format !== 'csv') throw new UsageError(`--format: expected table or csv, got "${options.format}"`);
  const policies = [await loadPolicyOption(options.policy), ...(options.compare ? [await loadPolicyOption(options.compare)] : [])];
  const clock = new ZonedClock(policies[0]!.timeZone);
  const asOf = clock.parseAsOf(options.asOf);
  if (asOf === undefined) throw new UsageError(`--as-of: expected a date (2026-05-23) or an ISO date-time with offset, got "${options.asOf}"`);
  const format = inputFormatOf(options.input, options.inputFormat);
  const checked = (read: ReadResult) => {
    if (read.issues.length > 0) throw new UsageError([`${options.input}: bad records; nothing was tested`, ...read.issues.slice(0, 50).map(formatRecordIssue)].join('\n'));
    return read;
  };
  const before = checked(await readCustomers(options.input, format, asOf));
  const after = checked(await readCustomers(options.input, format, asOf + horizonDays * DAY));
  const results = backtestChain(policies, { before: before.customers, after: after.customers }, asOf, horizonDays);
  await writeOutput(options.format === 'csv' ? asCsv(results) : asTable(results, clock.formatInstant(asOf), options.horizon), options.output);
  log(`backtested ${results[0]!.result.customers} customers as of ${clock.formatInstant(asOf)} over ${horizonDays} days`);
}

const percent = (value: number | undefined): string => (value === undefined ? '-' : `${(value * 100).toFixed(1)}%`);

function asTable(results: Array<{ policy: string; result: BacktestResult }>, asOf: string, horizon: string): string {
  const first = results[0]!.result;
  const width = Math.max(24, ...results.map(({ policy }) => policy.length));
  const lines = [
    `backtest as of ${asOf}, horizon ${horizon}: ${first.customers} customers, ${first.didNotReturn} did not come back (${percent(first.customers ? first.didNotReturn / first.customers : undefined)})`,
    '',
    `${'policy'.padEnd(width)} ${'level'.padEnd(5)} ${'alerted'.padStart(8)} ${'share'.padStart(7)} ${'precision'.padStart(10)} ${'recall'.padStart(7)}`,
  ];
  for (const { policy, result } of results) {
    for (const row of result.rows) {
      lines.push(`${policy.padEnd(width)} ${String(row.level).padEnd(5)} ${String(row.alerted).padStart(8)} ${percent(row.alertedShare).padStart(7)} ${percent(row.precision).padStart(10)} ${percent(row.recall).padStart(7)}`);
    }
  }
  lines.push('', `model risk AUC for "did not come back": ${first.riskAuc === undefined ? '-' : first.riskAuc.toFixed(3)} (${first.judgedByModel} customers with enough history)`);
  return `${lines.join('\n')}\n`;
}

function asCsv(results: Array<{ policy: string; result: BacktestResult }>): string {
  const rows = results.flatMap(({ policy, result }) =>
    result.rows.map((row) => [policy, row.level, row.alerted, row.alertedShare.toFixed(4), row.precision?.toFixed(4) ?? '', row.recall?.toFixed(4) ?? '', result.riskAuc?.toFixed(4) ?? '']),
  );
  return `\uFEFF${stringify(rows, { header: true, columns: ['policy', 'level', 'alerted', 'alertedShare', 'precision', 'recall', 'riskAuc'] })}`;
}
