import { SESClient } from '@aws-sdk/client-ses';
import middy from '@middy/core';
import { z } from 'zod';
import { DynamoDbReportSource } from '#shared/adapters/dynamodb/dynamodb-report-source.ts';
import { ReportDeliveries } from '#shared/adapters/dynamodb/report-deliveries.ts';
import { loadStaffDirectory } from '#shared/adapters/dynamodb/staff-store.ts';
import { ReportArchive } from '#shared/adapters/s3/report-archive.ts';
import { SesMailer } from '#shared/adapters/ses/ses-mailer.ts';
import { tableNamesFromEnv } from '#shared/adapters/table-specs.ts';
import { isoInstant } from '#shared/customer/iso-instant.ts';
import { sesRegion } from '#shared/mail/ses-region.ts';
import { customerLabeller } from '#shared/privacy/customer-reference.ts';
import { buildReport } from '#shared/reports/build-report.ts';
import { memoizedSource } from '#shared/reports/memoized-source.ts';
import { recipientGroups, reportEmail, reportKey } from '#shared/reports/report-delivery.ts';
import { REPORT_KINDS } from '#shared/reports/report-kind.ts';
import { periodDue } from '#shared/reports/report-period.ts';
import { policyNow } from '#shared/time/time-scale.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { linkSecret, required } from '../case-runtime.ts';
import { logger } from '../logger.ts';
import { observe } from '../middleware/observe.ts';
import { parseEvent } from '../middleware/parse-event.ts';
import { policyFromEnv } from '../policy-from-env.ts';
import { traced, tracedDocumentClient } from '../tracer.ts';

const tables = tableNamesFromEnv();
const doc = tracedDocumentClient();
const policy = policyFromEnv();
const clock = new ZonedClock(policy.timeZone);
const source = new DynamoDbReportSource(doc, tables, clock);
const archive = new ReportArchive(required('REPORTS_BUCKET'));
const mailer = new SesMailer(traced(new SESClient({ maxAttempts: 5, ...sesRegion() })), required('MAIL_FROM'));
const deliveries = new ReportDeliveries(doc, tables);
// Lists tell customers apart by a keyed reference; a report still goes out (masks alone) if the key cannot be read.
const customerLabel = customerLabeller(
  await linkSecret().catch((error: unknown) => {
    logger.warn('customer references unavailable: the link secret could not be read', {
      error: (error as { name?: string }).name ?? 'unknown',
    });
    return undefined;
  }),
);

/** From its schedule: the kind and the scheduled time; by hand, a period may be named instead. */
export const reportRunEvent = z.object({
  kind: z.enum(REPORT_KINDS),
  asOf: isoInstant,
  period: z.string().min(1).optional(),
});
export type ReportRunEvent = z.infer<typeof reportRunEvent>;

/**
 * A scheduled report: built for the period just ended, each copy (the chain's, each store's)
 * stored and emailed to its audience with the CSV attached. Copies already sent for the period
 * are not sent again, so a repeated delivery of the schedule sends nothing twice.
 */
export async function runReport(
  event: ReportRunEvent,
): Promise<{ period: string; copies: Array<{ scope: string; recipients: number; sent: boolean }> }> {
  const period = event.period ?? periodDue(event.kind, Date.parse(event.asOf), clock).label;
  const staff = await loadStaffDirectory(doc, tables);
  const groups = recipientGroups(event.kind, policy, staff);
  // Every copy of this run reads the same tables: each read once.
  const runSource = memoizedSource(source);
  const copies = [];
  // The chain's copy is stored even when nobody is to receive it by email.
  for (const group of groups.length ? groups : [{ stores: undefined, people: [], scope: 'chain' }]) {
    const document = await buildReport(event.kind, period, {
      source: runSource,
      policy,
      clock,
      customerLabel,
      ...(group.stores ? { stores: group.stores } : {}),
    });
    const stored = [
      await archive.put(reportKey(document, group.scope, 'csv'), document.csv, 'text/csv; charset=utf-8'),
      await archive.put(reportKey(document, group.scope, 'html'), document.html, 'text/html; charset=utf-8'),
    ];
    const due = group.people.length > 0 && !(await deliveries.wasSent(event.kind, period, group.scope));
    if (due) {
      await mailer.sendWithAttachments(reportEmail(document, group));
      await deliveries.recordSent(event.kind, period, group.scope, {
        sentAt: clock.formatInstant(policyNow()),
        recipients: group.people.length,
        stored,
      });
    }
    copies.push({ scope: group.scope, recipients: group.people.length, sent: due });
  }
  logger.info('report delivered', { kind: event.kind, period, copies });
  return { period, copies };
}

export const handler = middy<ReportRunEvent>().use(observe()).use(parseEvent(reportRunEvent)).handler(runReport);
