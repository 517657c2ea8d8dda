import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateBgNbd } from '#shared/model/simulate-bg-nbd.ts';
import { simulateRhythmChain, VISIT_RHYTHMS } from '#shared/model/simulated-histories.ts';
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
      for (let k = 1; days.size < x + 1 && k < lastDay - firstDay; k++)
        days.add(firstDay + Math.round((k * (lastDay - firstDay)) / (x + 1)));
      const events = [...days].sort().map((day, n) => ({
        eventId: `${prefix}${i}-${n}`,
        type: 'visit',
        at: new Date(day * DAY + 12 * 3_600_000).toISOString(),
        amount: 100,
      }));
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
    await writeFile(
      file,
      `${exportOf(simulateBgNbd(a, 4000, 52, 11), 'A', 'a')}\n${exportOf(simulateBgNbd(b, 4000, 52, 12), 'B', 'b')}\n`,
    );
    const run = await runCli(['model', 'fit', '--input', file, '--as-of', '2026-11-23', '--unit', 'week']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/fitted 3 model\(s\) on 8000 of 8000 customers/);
    const models = JSON.parse(run.stdout) as Array<{
      storeId: string;
      params: typeof a;
      converged: boolean;
      fitted: number;
      calibration: Array<{ repeats: string; actual: number; expected: number }>;
    }>;
    expect(models.map((m) => [m.storeId, m.fitted, m.converged])).toEqual([
      ['*', 8000, true],
      ['A', 4000, true],
      ['B', 4000, true],
    ]);
    // The fit's check: repeat-visit counts as seen and as expected, for every customer fitted.
    const storeA = models.find((m) => m.storeId === 'A')!;
    expect(storeA.calibration.map((row) => row.repeats)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(storeA.calibration.reduce((sum, row) => sum + row.actual, 0)).toBe(4000);
    expect(storeA.calibration.reduce((sum, row) => sum + row.expected, 0)).toBeCloseTo(4000, -1);
    // Visits fall on whole days, so the data is a little coarser than the process: r and alpha within 25%, the churn mean a/(a+b) within 0.05.
    for (const [storeId, truth] of [
      ['A', a],
      ['B', b],
    ] as const) {
      const { params } = models.find((m) => m.storeId === storeId)!;
      expect(params.r / truth.r).toBeGreaterThan(0.75);
      expect(params.r / truth.r).toBeLessThan(1.25);
      expect(params.r / params.alpha / (truth.r / truth.alpha)).toBeGreaterThan(0.8);
      expect(params.r / params.alpha / (truth.r / truth.alpha)).toBeLessThan(1.2);
      expect(Math.abs(params.a / (params.a + params.b) - truth.a / (truth.a + truth.b))).toBeLessThan(0.05);
    }
  });

  it("learns the calibrated risk from the export's own past and reports each candidate's AUC and calibration per store and for the chain, and the choice", async () => {
    const dir = await scratchDir();
    const file = join(dir, 'rhythms.jsonl');
    const until = Date.parse('2026-11-23T23:59:59+08:00');
    const chain = simulateRhythmChain(VISIT_RHYTHMS[1]!, {
      customers: 1500,
      seed: 8,
      until,
      historyDays: 900,
      beyondDays: 0,
      stores: 2,
    });
    await writeFile(file, chain.map((customer) => `${JSON.stringify(customer)}\n`).join(''));
    const output = join(dir, 'models.json');
    const run = await runCli(['model', 'fit', '--input', file, '--as-of', '2026-11-23', '--output', output]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /risk of no visit within 26 weeks, learned at the cut 2026-05-25 from \d+ customers with a visit before it \(\d+ learned from, \d+ held back; \d+\.\d% did not come back\)/,
    );
    for (const scope of ['chain', 'STORE-01', 'STORE-02']) {
      for (const candidate of ['rules \\(level\\)', 'base rate', 'BG/NBD as is', 'BG/NBD calibrated', 'learned']) {
        expect(run.stderr).toMatch(
          new RegExp(`\\s${scope}\\s+${candidate}\\s+\\d+\\s+\\d+%\\s+0\\.\\d{3}\\s+0\\.\\d{3}`),
        );
      }
    }
    expect(run.stderr).toMatch(
      /chosen: learned: the best calibrated \(ECE 0\.\d{3}\) of those ranking within 0\.01 of the best AUC/,
    );
    expect(run.stderr).toContain('STORE-01: too little history for a model of its own');
    // The model file: BG/NBD per store as before, the risk model's shared part on the chain's entry.
    const models = JSON.parse(await readFile(output, 'utf8')) as Array<{
      storeId: string;
      params: object;
      risk?: { chosen?: string; learned?: { coefficients: number[] } | null; evaluation: unknown[] };
    }>;
    expect(models.map((model) => model.storeId)).toEqual(['*', 'STORE-01', 'STORE-02']);
    expect(models[0]?.risk?.chosen).toBe('learned');
    expect(models[0]?.risk?.learned?.coefficients).toHaveLength(17);
    expect(models[1]?.risk?.evaluation).toHaveLength(5);
    // And it scores: every customer gets a risk from the file.
    const scored = await runCli(['score', '--input', file, '--as-of', '2026-11-23', '--model', output]);
    expect(scored.code).toBe(0);
    expect(
      scored.stdout
        .trim()
        .split('\n')
        .every((line) => JSON.parse(line).riskSource === 'learned'),
    ).toBe(true);
  });

  it('names a bad unit', async () => {
    const run = await runCli(['model', 'fit', '--input', 'x.jsonl', '--unit', 'month']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--unit: expected week or day, got "month"');
  });
});
