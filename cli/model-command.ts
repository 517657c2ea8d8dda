import { formatRecordIssue } from '#shared/customer/record-issue.ts';
import type { TimeUnit } from '#shared/model/customer-rfm.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { describeRiskFit, fitModelsOnExport } from './fit-models-on-export.ts';
import { loadPolicyOption } from './policy-option.ts';
import { inputFormatOf, readCustomers } from './read-customers.ts';
import { UsageError } from './usage-error.ts';
import { writeOutput } from './write-output.ts';

export interface ModelFitOptions {
  input: string;
  inputFormat?: string;
  policy?: string;
  asOf?: string;
  unit: string;
  output?: string;
}

/**
 * `winback model fit`: BG/NBD parameters per store (and for the chain) and the calibrated risk
 * learned from the chain's own past, as JSON (the file `winback score --model` reads); on stderr,
 * how each risk candidate ranks and how well it is calibrated on held-back customers, per store
 * and for the chain, and which one was chosen.
 */
export async function modelFitCommand(options: ModelFitOptions, log: (line: string) => void): Promise<void> {
  if (options.unit !== 'week' && options.unit !== 'day')
    throw new UsageError(`--unit: expected week or day, got "${options.unit}"`);
  const unit: TimeUnit = options.unit;
  const policy = await loadPolicyOption(options.policy);
  const clock = new ZonedClock(policy.timeZone);
  const asOf = options.asOf === undefined ? Date.now() : clock.parseAsOf(options.asOf);
  if (asOf === undefined)
    throw new UsageError(
      `--as-of: expected a date (2026-11-23) or an ISO date-time with offset, got "${options.asOf}"`,
    );
  const format = inputFormatOf(options.input, options.inputFormat);
  const read = await readCustomers(options.input, format, asOf);
  if (read.issues.length > 0) {
    throw new UsageError(
      [
        `${options.input}: ${new Set(read.issues.map((issue) => issue.line)).size} bad record(s); nothing was fitted`,
        ...read.issues.slice(0, 50).map(formatRecordIssue),
      ].join('\n'),
    );
  }
  const started = performance.now();
  const fit = await fitModelsOnExport(options.input, format, read.customers, asOf, policy, clock, unit);
  await writeOutput(`${JSON.stringify(fit.models, null, 2)}\n`, options.output);
  const chain = fit.models.find((model) => model.storeId === '*');
  log(
    `fitted ${fit.models.length} model(s) on ${chain?.fitted ?? 0} of ${chain?.customers ?? 0} customers (the others have too little history) ` +
      `as of ${clock.formatInstant(asOf)} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  for (const model of fit.models)
    for (const warning of model.warnings)
      log(`warning: ${model.storeId === '*' ? 'chain' : model.storeId}: ${warning}`);
  for (const line of describeRiskFit(fit)) log(line);
}
