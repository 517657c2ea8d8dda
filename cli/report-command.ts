import { documentClient } from '#shared/adapters/dynamodb/document-client.ts';
import { DynamoDbReportSource } from '#shared/adapters/dynamodb/dynamodb-report-source.ts';
import { readLinkSecret } from '#shared/adapters/secretsmanager/link-secret.ts';
import { customerLabeller } from '#shared/privacy/customer-reference.ts';
import { buildReport } from '#shared/reports/build-report.ts';
import { isReportKind, REPORT_KINDS } from '#shared/reports/report-kind.ts';
import { PeriodError, parsePeriod } from '#shared/reports/report-period.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { loadPolicyOption } from './policy-option.ts';
import { resolveTables } from './tables-option.ts';
import { UsageError } from './usage-error.ts';
import { writeOutput } from './write-output.ts';

export interface ReportOptions {
  period: string;
  format: string;
  output?: string;
  policy?: string;
  tablePrefix?: string;
  dataDir?: string;
  store?: string[];
}

/**
 * `winback report <kind> --period ...`: one report from the recorded alerts, cases, events and
 * ledger (never from counters), as CSV (with a BOM for Excel) or an HTML page; the same document
 * the scheduled run stores and emails. A closed period gives the same figures every time.
 */
export async function reportCommand(kind: string, options: ReportOptions, log: (line: string) => void): Promise<void> {
  if (!isReportKind(kind))
    throw new UsageError(`report: "${kind}" is not a report; available: ${REPORT_KINDS.join(', ')}`);
  try {
    parsePeriod(kind, options.period);
  } catch (error) {
    if (error instanceof PeriodError) throw new UsageError(error.message);
    throw error;
  }
  if (options.format !== 'csv' && options.format !== 'html')
    throw new UsageError(`--format: expected csv or html, got "${options.format}"`);
  const policy = await loadPolicyOption(options.policy);
  const tables = await resolveTables(options, log);
  const clock = new ZonedClock(policy.timeZone);
  const source = new DynamoDbReportSource(documentClient(), tables, clock);
  // Lists tell customers apart by the keyed reference the emails show; without the key, by masks alone.
  const key = await readLinkSecret().catch(() => {
    log('customers are shown by mask alone: no link secret (set LINK_SECRET, or LINK_SECRET_ARN where deployed)');
    return undefined;
  });
  const report = await buildReport(kind, options.period, {
    source,
    policy,
    clock,
    customerLabel: customerLabeller(key),
    ...(options.store?.length ? { stores: options.store } : {}),
  });
  await writeOutput(options.format === 'csv' ? report.csv : report.html, options.output);
  log(`${report.title}: ${report.headline.join(' · ')}`);
}
