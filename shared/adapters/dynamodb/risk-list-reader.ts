import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { LEVELS } from '../../policy/policy-schema.ts';
import type { RiskEntry } from '../../scan/scan-segment.ts';
import { formatDay } from '../../time/civil-day.ts';
import type { ZonedClock } from '../../time/zoned-clock.ts';
import { withRetries } from '../aws-retry.ts';
import type { TableNames } from '../table-specs.ts';
import { scanItems } from './scan-items.ts';

/** A row of a kept risk list (snapshot-store.ts), as the reports read it. */
const riskListRow = z.object({
  customerId: z.string(),
  storeId: z.string(),
  level: z.literal(LEVELS),
  indicators: z.array(z.object({ id: z.string(), core: z.boolean(), evidence: z.string() })),
  alertId: z.string(),
  priority: z.number().optional(),
}) satisfies z.ZodType<RiskEntry>;

/**
 * The risk list a month's screening kept (the latest run taken in that local month), with the
 * alerts its rows point to (for owner, case status and deadlines).
 */
export async function riskListOf(
  doc: DynamoDBDocumentClient,
  tables: TableNames,
  month: string,
  clock: ZonedClock,
): Promise<{ runId: string | undefined; entries: RiskEntry[]; alerts: Map<string, Record<string, unknown>> }> {
  const rows = await scanItems(doc, {
    TableName: tables.snapshots,
    FilterExpression: 'begins_with(snapshotId, :list)',
    ExpressionAttributeValues: { ':list': 'risk-list#' },
  });
  const inMonth = rows.filter((row) => formatDay(clock.dayOf(Date.parse(String(row.takenAt)))).startsWith(month));
  const latest = inMonth.reduce<Record<string, unknown> | undefined>(
    (best, row) => (best === undefined || String(row.takenAt) > String(best.takenAt) ? row : best),
    undefined,
  );
  if (latest === undefined) return { runId: undefined, entries: [], alerts: new Map() };
  const entries = inMonth.filter((row) => row.snapshotId === latest.snapshotId).map((row) => riskListRow.parse(row));
  const alerts = new Map<string, Record<string, unknown>>();
  for (let start = 0; start < entries.length; start += 100) {
    let keys: Array<Record<string, unknown>> = entries
      .slice(start, start + 100)
      .map((entry) => ({ customerId: entry.customerId, alertId: entry.alertId }));
    // Unprocessed keys (throttling) are asked again until none are left.
    while (keys.length > 0) {
      const reply = await withRetries(() =>
        doc.send(new BatchGetCommand({ RequestItems: { [tables.alerts]: { Keys: keys } } })),
      );
      for (const alert of reply.Responses?.[tables.alerts] ?? [])
        alerts.set(`${alert.customerId}#${alert.alertId}`, alert);
      keys = (reply.UnprocessedKeys?.[tables.alerts]?.Keys ?? []) as Array<Record<string, unknown>>;
    }
  }
  return { runId: String(latest.snapshotId).replace('risk-list#', ''), entries, alerts };
}
