import { readFile } from 'node:fs/promises';
import { formatRecordIssue } from '#shared/customer/record-issue.ts';
import { ModelBook } from '#shared/model/model-book.ts';
import { type KeptModel, RiskBook } from '#shared/model/risk-book.ts';
import type { RiskSource } from '#shared/model/risk-model.ts';
import type { Policy } from '#shared/policy/policy-schema.ts';
import { PolicyScorer } from '#shared/scoring/policy-scorer.ts';
import { parseDay } from '#shared/time/civil-day.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { describeRiskFit, fitModelsOnExport } from './fit-models-on-export.ts';
import { loadPolicyOption } from './policy-option.ts';
import type { FoldedCustomer } from './read-customers.ts';
import { inputFormatOf, readCustomers } from './read-customers.ts';
import type { InputFormat } from './read-input-records.ts';
import { formatScores, type OutputFormat, type ScoredLine, withRisk } from './score-output.ts';
import { UsageError } from './usage-error.ts';
import { writeOutput } from './write-output.ts';

export interface ScoreOptions {
  input: string;
  inputFormat?: string;
  policy?: string;
  asOf?: string;
  format: string;
  output?: string;
  /** "fit" (fit per store on this input) or a file `winback model fit` wrote. */
  model?: string;
}

const MAX_ISSUES_SHOWN = 50;

/** `winback score`: every customer of an export, scored as of one moment, sorted by customerId. */
export async function scoreCommand(options: ScoreOptions, log: (line: string) => void): Promise<void> {
  if (options.format !== 'jsonl' && options.format !== 'csv')
    throw new UsageError(`--format: expected jsonl or csv, got "${options.format}"`);
  const format: OutputFormat = options.format;
  const policy = await loadPolicyOption(options.policy);
  const clock = new ZonedClock(policy.timeZone);
  const asOf = options.asOf === undefined ? Date.now() : clock.parseAsOf(options.asOf);
  if (asOf === undefined) {
    throw new UsageError(
      `--as-of: expected a date (2026-11-23) or an ISO date-time with offset (2026-11-23T02:00:00+08:00), got "${options.asOf}"`,
    );
  }
  const validFrom = clock.startOfDay(parseDay(policy.validFrom) as number);
  const validUntil =
    policy.validTo === null ? Number.POSITIVE_INFINITY : clock.startOfDay((parseDay(policy.validTo) as number) + 1);
  if (asOf < validFrom || asOf >= validUntil) {
    log(
      `warning: policy ${policy.version} is valid from ${policy.validFrom} to ${policy.validTo ?? 'further notice'}; scoring as of ${clock.formatInstant(asOf)} anyway`,
    );
  }

  const inputFormat = inputFormatOf(options.input, options.inputFormat);
  const read = await readCustomers(options.input, inputFormat, asOf);
  if (read.issues.length > 0) {
    const shown = read.issues.slice(0, MAX_ISSUES_SHOWN).map(formatRecordIssue);
    const more = read.issues.length > MAX_ISSUES_SHOWN ? [`... and ${read.issues.length - MAX_ISSUES_SHOWN} more`] : [];
    const records = new Set(read.issues.map((issue) => issue.line)).size;
    throw new UsageError(
      [`${options.input}: ${records} bad record(s); nothing was written`, ...shown, ...more].join('\n'),
    );
  }

  const kept =
    options.model === undefined
      ? undefined
      : await loadModels(
          options.model,
          { input: options.input, format: inputFormat, customers: read.customers, asOf, policy, clock },
          log,
        );
  const models = kept === undefined ? undefined : new ModelBook(kept, policy.model.horizonWeeks);
  const risks = kept === undefined ? undefined : new RiskBook(kept, policy);
  const scorer = new PolicyScorer(policy, models ? { models } : {});
  const { score } = scorer.at(asOf);
  const sources = new Map<RiskSource, number>();
  const scores: ScoredLine[] = read.customers.map((customer) => {
    const scored = score(customer);
    if (risks === undefined) return scored;
    const reading = risks.riskOf(customer, asOf);
    sources.set(reading.source, (sources.get(reading.source) ?? 0) + 1);
    return withRisk(scored, reading);
  });
  scores.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  await writeOutput(formatScores(scores, format), options.output);

  const byLevel = [0, 0, 0, 0];
  for (const { level } of scores) byLevel[level] = (byLevel[level] ?? 0) + 1;
  log(
    `scored ${scores.length} customers as of ${clock.formatInstant(asOf)} with policy ${policy.version}: ` +
      `level 3: ${byLevel[3]}, level 2: ${byLevel[2]}, level 1: ${byLevel[1]}, no alert: ${byLevel[0]}`,
  );
  if (risks !== undefined) {
    log(
      `risk of no visit within ${risks.horizonWeeks} weeks for every customer: ${[...sources].map(([source, n]) => `${source} ${n}`).join(', ')}` +
        (risks.horizonWeeks !== policy.model.horizonWeeks
          ? ` (the policy's horizon is ${policy.model.horizonWeeks} weeks: ${risks.chain?.note ?? 'the models were fitted on another'})`
          : ''),
    );
  }
  if (read.duplicateEvents > 0)
    log(`${read.duplicateEvents} repeated event(s) ignored (same customer and eventId; the first was kept)`);
  if (read.eventsAfterAsOf > 0) log(`${read.eventsAfterAsOf} event(s) after the as-of moment left out`);
}

interface ScoredExport {
  input: string;
  format: InputFormat;
  customers: readonly FoldedCustomer[];
  asOf: number;
  policy: Policy;
  clock: ZonedClock;
}

/**
 * The models to score with: fitted here on the customers being scored (BG/NBD, and the risk
 * learned from this export's own past), or read from `winback model fit` output, whose files from
 * before the risk model (BG/NBD only) still load.
 */
async function loadModels(option: string, scored: ScoredExport, log: (line: string) => void): Promise<KeptModel[]> {
  if (option === 'fit') {
    const fit = await fitModelsOnExport(
      scored.input,
      scored.format,
      scored.customers,
      scored.asOf,
      scored.policy,
      scored.clock,
    );
    for (const line of describeRiskFit(fit)) log(line);
    return fit.models;
  }
  let models: unknown;
  try {
    models = JSON.parse(await readFile(option, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `--model: "${option}" is neither "fit" nor a readable JSON file of \`winback model fit\` (${(error as Error).message})`,
    );
  }
  const valid =
    Array.isArray(models) &&
    models.every(
      (m) =>
        typeof m?.storeId === 'string' &&
        (m.unit === 'week' || m.unit === 'day') &&
        ['r', 'alpha', 'a', 'b'].every((k) => m.params?.[k] > 0),
    );
  if (!valid)
    throw new UsageError(
      `--model: ${option} is not the output of \`winback model fit\` (a list of {storeId, unit, params: {r, alpha, a, b}})`,
    );
  return models as KeptModel[];
}
