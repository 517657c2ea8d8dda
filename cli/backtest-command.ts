import { backtestChain, backtestCustomers, type PolicyBacktest } from '#cli/backtest/backtest-chain.ts';
import { parseCapacity, type QueueOrder } from '#cli/backtest/recall-at-capacity.ts';
import { formatRecordIssue } from '#shared/customer/record-issue.ts';
import { lookbackPlanFor } from '#shared/model/fit-chain-models.ts';
import { csvFile } from '#shared/reports/csv-file.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { customersAtCut } from './fit-models-on-export.ts';
import { loadPolicyOption } from './policy-option.ts';
import { inputFormatOf, type ReadResult, readCustomers } from './read-customers.ts';
import { UsageError } from './usage-error.ts';
import { writeOutput } from './write-output.ts';

export interface BacktestOptions {
  input: string;
  inputFormat?: string;
  asOf: string;
  horizon: string;
  policy: string;
  compare?: string;
  /** Cases the queue opens: "5%" of the customers, or a number. */
  capacity: string;
  format: string;
  output?: string;
}

const DAY = 86_400_000;

/**
 * `winback backtest`: scores everyone on the history before the as-of date and checks against
 * what happened in the horizon after it, for one policy or two side by side (Art. 9's threshold
 * review). The BG/NBD model and the calibrated risk are fitted on the same history, per store;
 * the queue's first cases (the capacity) are checked for how many of the customers who were lost
 * they reach, ordered by level alone and by level and what is at stake.
 */
export async function backtestCommand(options: BacktestOptions, log: (line: string) => void): Promise<void> {
  const horizon = /^(\d+)([wd])$/.exec(options.horizon);
  if (horizon === null)
    throw new UsageError(`--horizon: expected weeks or days such as 26w or 180d, got "${options.horizon}"`);
  const horizonDays = Number(horizon[1]) * (horizon[2] === 'w' ? 7 : 1);
  if (options.format !== 'table' && options.format !== 'csv')
    throw new UsageError(`--format: expected table or csv, got "${options.format}"`);
  if (parseCapacity(options.capacity, 100) === undefined)
    throw new UsageError(
      `--capacity: expected a share of the customers such as 5% or a number of cases such as 200, got "${options.capacity}"`,
    );
  const policy = await loadPolicyOption(options.policy);
  const policies = [policy, ...(options.compare ? [await loadPolicyOption(options.compare)] : [])];
  const clock = new ZonedClock(policy.timeZone);
  const asOf = clock.parseAsOf(options.asOf);
  if (asOf === undefined)
    throw new UsageError(
      `--as-of: expected a date (2026-05-23) or an ISO date-time with offset, got "${options.asOf}"`,
    );
  const format = inputFormatOf(options.input, options.inputFormat);
  const checked = (read: ReadResult) => {
    if (read.issues.length > 0)
      throw new UsageError(
        [`${options.input}: bad records; nothing was tested`, ...read.issues.slice(0, 50).map(formatRecordIssue)].join(
          '\n',
        ),
      );
    return read;
  };
  const before = checked(await readCustomers(options.input, format, asOf));
  const after = checked(await readCustomers(options.input, format, asOf + horizonDays * DAY));
  const history = { before: before.customers, after: after.customers };
  const customers = backtestCustomers(history, asOf).length;
  const capacity = parseCapacity(options.capacity, customers) as number;
  // The risk learns as the monthly fit would have: on the history before the as-of date only, looking back one horizon from it.
  const plan = lookbackPlanFor(before.customers, asOf, { model: { horizonWeeks: horizonDays / 7 } });
  const atCut = plan.canLearn ? await customersAtCut(options.input, format, plan) : undefined;
  const results = backtestChain(policies, history, asOf, horizonDays, {
    risk: { capacity, plan, ...(atCut ? { atCut } : {}) },
  });
  await writeOutput(
    options.format === 'csv' ? asCsv(results) : asTable(results, clock.formatInstant(asOf), options.horizon),
    options.output,
  );
  log(
    `backtested ${results[0]?.result.customers} customers as of ${clock.formatInstant(asOf)} over ${horizonDays} days`,
  );
}

const percent = (value: number | undefined): string => (value === undefined ? '-' : `${(value * 100).toFixed(1)}%`);
const figure = (value: number | undefined): string => (value === undefined ? '-' : value.toFixed(3));

const ORDER_LABEL: Record<QueueOrder, string> = {
  level: 'by level alone',
  'level-then-risk': 'by level, then risk',
  'level-then-priority': 'by level, then risk x value',
  queue: 'level 3 first, then risk x value',
};

function asTable(results: readonly PolicyBacktest[], asOf: string, horizon: string): string {
  const first = results[0]?.result;
  if (first === undefined) return '';
  const width = Math.max(24, ...results.map(({ policy }) => policy.length));
  const lines = [
    `backtest as of ${asOf}, horizon ${horizon}: ${first.customers} customers, ${first.didNotReturn} did not come back (${percent(first.customers ? first.didNotReturn / first.customers : undefined)})`,
    '',
    `${'policy'.padEnd(width)} ${'level'.padEnd(5)} ${'alerted'.padStart(8)} ${'share'.padStart(7)} ${'precision'.padStart(10)} ${'recall'.padStart(7)}`,
  ];
  for (const { policy, result } of results) {
    for (const row of result.rows) {
      lines.push(
        `${policy.padEnd(width)} ${String(row.level).padEnd(5)} ${String(row.alerted).padStart(8)} ${percent(row.alertedShare).padStart(7)} ${percent(row.precision).padStart(10)} ${percent(row.recall).padStart(7)}`,
      );
    }
  }
  lines.push(
    '',
    `model risk AUC for "did not come back": ${first.riskAuc === undefined ? '-' : first.riskAuc.toFixed(3)} (${first.judgedByModel} customers with enough history)`,
  );
  for (const { policy, risk, queue } of results) {
    if (risk === undefined || queue === undefined) continue;
    const chain = risk.fit.risk.chain;
    lines.push(
      '',
      `${policy}: calibrated risk of no visit within ${chain.horizonWeeks} weeks (learned on the history before the as-of date, chosen: ${chain.chosen}), against what happened: ` +
        `AUC ${figure(risk.auc)}, ECE ${figure(risk.ece)} (10 equal-width bins); by source: ${risk.bySource.map((row) => `${row.source} ${row.customers} (mean risk ${percent(row.meanRisk)}, lost ${percent(row.lostShare)})`).join(', ')}`,
    );
    if (chain.note) lines.push(`  note: ${chain.note}`);
    lines.push(
      `  the queue's first ${queue.capacity} cases (recall: share of all ${first.didNotReturn} lost customers they reach; value: share of what those lost customers would have spent):`,
    );
    for (const row of queue.rows) {
      lines.push(
        `  ${ORDER_LABEL[row.order].padEnd(34)} opened ${String(row.opened).padStart(6)}  lost among them ${String(row.caught).padStart(6)}  precision ${percent(row.precision).padStart(6)}  recall ${percent(row.recall).padStart(6)}  value ${percent(row.valueRecall).padStart(6)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function asCsv(results: readonly PolicyBacktest[]): string {
  const rows = results.flatMap(({ policy, result, risk, queue }) => [
    ...result.rows.map((row) => [
      policy,
      row.level,
      row.alerted,
      row.alertedShare.toFixed(4),
      row.precision?.toFixed(4) ?? '',
      row.recall?.toFixed(4) ?? '',
      '',
      result.riskAuc?.toFixed(4) ?? '',
      risk?.auc?.toFixed(4) ?? '',
      risk?.ece?.toFixed(4) ?? '',
    ]),
    // The queue's first cases: "alerted" is the cases opened.
    ...(queue?.rows ?? []).map((row) => [
      policy,
      `first ${queue?.capacity} ${row.order}`,
      row.opened,
      result.customers ? (row.opened / result.customers).toFixed(4) : '',
      row.precision?.toFixed(4) ?? '',
      row.recall?.toFixed(4) ?? '',
      row.valueRecall?.toFixed(4) ?? '',
      result.riskAuc?.toFixed(4) ?? '',
      risk?.auc?.toFixed(4) ?? '',
      risk?.ece?.toFixed(4) ?? '',
    ]),
  ]);
  return csvFile(
    [
      'policy',
      'level',
      'alerted',
      'alertedShare',
      'precision',
      'recall',
      'valueRecall',
      'riskAuc',
      'calibratedRiskAuc',
      'calibratedRiskEce',
    ],
    rows,
  );
}
