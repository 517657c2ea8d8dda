import { describe, expect, it } from 'vitest';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { DynamoDbReportSource } from '#shared/adapters/dynamodb/dynamodb-report-source.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { buildReport, type ReportSource } from '#shared/reports/build-report.ts';
import { memoizedSource } from '#shared/reports/memoized-source.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { localTables } from '../helpers/local-tables.ts';

describe('a scheduled run with a copy per store', () => {
  it('reads each table once for all its copies, and every copy comes out as if built alone', async () => {
    const local = await localTables();
    const policy = presetPolicy('script-kill');
    const clock = new ZonedClock(policy.timeZone);
    await batchPut(
      local.doc,
      local.names.staff,
      ['S1', 'S2'].map((storeId) => ({
        id: `sm-${storeId}`,
        name: '店长',
        role: 'store_manager',
        stores: [storeId],
        email: `sm-${storeId}@chain.example`,
        active: true,
      })),
    );
    await batchPut(local.doc, local.names.alerts, [
      {
        customerId: 'C1',
        alertId: 'a',
        storeId: 'S1',
        level: 1,
        identifiedAt: '2026-11-03T02:00:00+08:00',
        status: 'recovered',
        closedAt: '2026-11-20T10:00:00+08:00',
      },
      {
        customerId: 'C2',
        alertId: 'a',
        storeId: 'S2',
        level: 2,
        identifiedAt: '2026-11-04T02:00:00+08:00',
        status: 'lost',
        closedAt: '2026-11-25T10:00:00+08:00',
        outcomeReason: 'moved',
      },
    ]);
    const real = new DynamoDbReportSource(local.doc, local.names, clock);
    const reads: string[] = [];
    const counted = Object.fromEntries(
      (
        Object.keys(Object.getOwnPropertyDescriptors(DynamoDbReportSource.prototype)) as Array<
          keyof ReportSource | 'constructor'
        >
      )
        .filter((name): name is keyof ReportSource => name !== 'constructor')
        .map((name) => [
          name,
          (...args: unknown[]) => {
            reads.push(name);
            return (real[name] as (...a: unknown[]) => unknown).apply(real, args);
          },
        ]),
    ) as unknown as ReportSource;
    const shared = memoizedSource(counted);
    const copies = await Promise.all(
      [undefined, ['S1'], ['S2']].map((stores) =>
        buildReport('quarterly', '2026-Q4', { source: shared, policy, clock, ...(stores ? { stores } : {}) }),
      ),
    );
    const readsPerKind: Record<string, number> = {};
    for (const name of reads) readsPerKind[name] = (readsPerKind[name] ?? 0) + 1;
    // Identified in the quarter, closed in it: two alert reads, whatever the number of copies; the staff (for names) once.
    expect(readsPerKind).toEqual({
      alerts: 2,
      breaches: 1,
      benefitsIssued: 1,
      staffedStores: 1,
      activeCore: 1,
      staff: 1,
    });
    for (const [i, stores] of [undefined, ['S1'], ['S2']].entries()) {
      const alone = await buildReport('quarterly', '2026-Q4', {
        source: real,
        policy,
        clock,
        ...(stores ? { stores } : {}),
      });
      expect(copies[i]?.csv).toBe(alone.csv);
    }
  });
});
