import { formatRecordIssue } from '#shared/customer/record-issue.ts';
import { PolicyScorer, type CustomerScore } from '#shared/scoring/policy-scorer.ts';
import { parseDay } from '#shared/time/civil-day.ts';
import { loadPolicyOption } from './policy-option.ts';
import { inputFormatOf, readCustomers } from './read-customers.ts';
import { formatScores, type OutputFormat } from './score-output.ts';
import { UsageError } from './usage-error.ts';
import { writeOutput } from './write-output.ts';

export interface ScoreOptions {
  input: string;
  inputFormat?: string;
  policy?: string;
  asOf?: string;
  format: string;
  output?: string;
}

const MAX_ISSUES_SHOWN = 50;

/** `winback score`: every customer of an export, scored as of one moment, sorted by customerId. */
export async function scoreCommand(options: ScoreOptions, log: (line: string) => void): Promise<void> {
  if (options.format !== 'jsonl' && options.format !== 'csv') throw new UsageError(`--format: expected jsonl or csv, got "${options.format}"`);
  const format: OutputFormat = options.format;
  const policy = await loadPolicyOption(options.policy);
  const scorer = new PolicyScorer(policy);
  const asOf = options.asOf === undefined ? Date.now() : scorer.clock.parseAsOf(options.asOf);
  if (asOf === undefined) {
    throw new UsageError(`--as-of: expected a date (2026-11-23) or an ISO date-time with offset (2026-11-23T02:00:00+08:00), got "${options.asOf}"`);
  }
  const validFrom = scorer.clock.startOfDay(parseDay(policy.validFrom) as number);
  const validUntil = policy.validTo === null ? Number.POSITIVE_INFINITY : scorer.clock.startOfDay((parseDay(policy.validTo) as number) + 1);
  if (asOf < validFrom || asOf >= validUntil) {
    log(`warning: policy ${policy.version} is valid from ${policy.validFrom} to ${policy.validTo ?? 'further notice'}; scoring as of ${scorer.clock.formatInstant(asOf)} anyway`);
  }

  const read = await readCustomers(options.input, inputFormatOf(options.input, options.inputFormat), asOf);
  if (read.issues.length > 0) {
    const shown = read.issues.slice(0, MAX_ISSUES_SHOWN).map(formatRecordIssue);
    const more = read.issues.length > MAX_ISSUES_SHOWN ? [`... and ${read.issues.length - MAX_ISSUES_SHOWN} more`] : [];
    const records = new Set(read.issues.map((issue) => issue.line)).size;
    throw new UsageError([`${options.input}: ${records} bad record(s); nothing was written`, ...shown, ...more].join('\n'));
  }

  const { score } = scorer.at(asOf);
  const scores: CustomerScore[] = read.customers.map((customer) => score(customer));
  scores.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  await writeOutput(formatScores(scores, format), options.output);

  const byLevel = [0, 0, 0, 0];
  for (const { level } of scores) byLevel[level] = (byLevel[level] ?? 0) + 1;
  log(
    `scored ${scores.length} customers as of ${scorer.clock.formatInstant(asOf)} with policy ${policy.version}: ` +
      `level 3: ${byLevel[3]}, level 2: ${byLevel[2]}, level 1: ${byLevel[1]}, no alert: ${byLevel[0]}`,
  );
  if (read.duplicateEvents > 0) log(`${read.duplicateEvents} repeated event(s) ignored (same eventId; the first was kept)`);
  if (read.eventsAfterAsOf > 0) log(`${read.eventsAfterAsOf} event(s) after the as-of moment left out`);
}
