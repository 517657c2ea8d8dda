import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateBgNbd } from '#shared/model/simulate-bg-nbd.ts';
import { runCli, scratchDir } from '../helpers/run-cli.ts';

const DAY = 86_400_000;
const asOf = Date.parse('2026-11-23T23:59:59+08:00');

/**
 * An export whose customers follow the BG/NBD process: each simulated (x, tx, T) in weeks becomes
 * a first visit T weeks before the as-of date, x repeat visits on distinct evenings, the last of
 * them tx weeks after the first.
 */
function exportOf(customers: ReturnType<typeof simulateBgNbd>, storeId: string, prefix: string): string {
  return customers
    .map(({ x, tx, T }, i) => {
      const firstDay = Math.floor((asOf - T * 7 * DAY) / DAY);
      const lastDay = firstDay + Math.round(tx * 7);
      const days = new Set<number>([firstDay, lastDay]);
      for (let k = 1; days.size < x + 1 && k < lastDay - firstDay; k++) days.add(firstDay + Math.round((k * (lastDay - firstDay)) / (x + 1)));
      const events = [...days].sort().map((day, n) => ({ eventId: `${prefix}${i}-${n}`, type: 'visit', at: new Date(day * DAY + 12 * 3_600_000).toISOString(), amount: 100 }));
      return JSON.stringify({ customerId: `${prefix}${i}`, storeId, segment: 'regular', events });
    })
    .join('\n');
}

describe('winback model fit', () => {
  it('recovers the parameters of each store from an export whose visits follow the BG/NBD process', async () => {
    const dir = await scratchDir();
    const file = join(dir, 'export.jsonl');
    // Store A: the CDNOW estimates of Fader, Hardie & Lee (2005); store B: frequent visitors who stay longer.
    const a = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const b = { r: 2, alpha: 6, a: 1.5, b: 12 };
    await writeFile(file, `${exportOf(simulateBgNbd(a, 4000, 52, 11), 'A', 'a')}\n${exportOf(simulateBgNbd(b, 4000, 52, 12), 'B', 'b')}\n`);
    const run = await runCli(['model', 'fit', '--input', file, '--as-of', '2026-11-23', '--unit', 'week']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/fitted 3 model\(s\) on 8000 of 8000 customers/);
    const models = JSON.parse(run.stdout) as Array<{ storeId: string; params: typeof a; converged: boolean; fitted: number; calibration: Array<{ repeats: string; actual: number; expected: number }> }>;
    expect(models.map((m) => [m.storeId, m.fitted, m.converged])).toEqual([['*', 8000, true], ['A', 4000, true], ['B', 4000, true]]);
    // The fit's check: repeat-visit counts as seen and as expected, for every customer fitted.
    const storeA = models.find((m) => m.storeId === 'A')!;
    expect(storeA.calibration.map((row) => row.repeats)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(storeA.calibration.reduce((sum, row) => sum + row.actual, 0)).toBe(4000);
    expect(storeA.calibration.reduce((sum, row) => sum + row.expected, 0)).toBeCloseTo(4000, -1);
    // Visits fall on whole days, so the data is a little coarser than the process: r and alpha within 25%, the churn mean a/(a+b) within 0.05.
    for (const [storeId, truth] of [['A', a], ['B', b]] as const) {
      const { params } = models.find((m) => m.storeId === storeId)!;
      expect(params.r / truth.r).toBeGreaterThan(0.75);
      expect(params.r / truth.r).toBeLessThan(1.25);
      expect(params.r / params.alpha / (truth.r / truth.alpha)).toBeGreaterThan(0.8);
      expect(params.r / params.alpha / (truth.r / truth.alpha)).toBeLessThan(1.2);
      expect(Math.abs(params.a / (params.a + params.b) - truth.a / (truth.a + truth.b))).toBeLessThan(0.05);
    }
  });

  it('names a bad unit', async () => {
    const run = await runCli(['model', 'fit', '--input', 'x.jsonl', '--unit', 'month']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--unit: expected week or day, got "month"');
  });
});
