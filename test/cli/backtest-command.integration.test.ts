import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../helpers/run-cli.ts';

const asOf = Date.parse('2026-05-23T23:59:59+08:00');
const DAY = 86_400_000;
const at = (daysFromAsOf: number) => new Date(asOf + daysFromAsOf * DAY - 4 * 3_600_000).toISOString();
const regular = (customerId: string, visitDays: number[]) =>
  JSON.stringify({
    customerId,
    storeId: 'S1',
    segment: 'regular',
    events: visitDays.map((d, i) => ({ eventId: `${customerId}-${i}`, type: 'visit', at: at(d), amount: 100 })),
  });

describe('winback backtest', () => {
  it('scores on the history before the as-of date and checks against the horizon after it: alerted, precision, recall by level', async () => {
    const dir = await scratchDir();
    const file = join(dir, 'history.jsonl');
    // Worked out by hand (script-kill: a regular away more than 60 days is level 1; 30-day regulars are not alerted):
    // A comes every 30 days and keeps coming (level 0, back);  B was last seen 100 days before and never again (level 1, gone);
    // C was last seen 100 days before and comes back (level 1, back);  D came every 30 days, then stopped (level 0, gone).
    // E first came after the as-of date: not a customer yet, left out.
    const weeks = (from: number, to: number, every: number) =>
      Array.from({ length: Math.floor((to - from) / every) + 1 }, (_, i) => from + i * every);
    await writeFile(
      file,
      [
        regular('A', weeks(-300, 150, 30)),
        regular('B', [-250, -180, -100]),
        regular('C', [-250, -180, -100, 40]),
        regular('D', weeks(-300, -10, 30)),
        regular('E', [20, 50]),
      ]
        .map((line) => `${line}\n`)
        .join(''),
    );
    const run = await runCli([
      'backtest',
      '--input',
      file,
      '--as-of',
      '2026-05-23',
      '--horizon',
      '26w',
      '--format',
      'csv',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('backtested 4 customers');
    const rows = run.stdout
      .replace('\uFEFF', '')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    // Level 1: B and C alerted (2 of 4); of them B stayed away (precision 1/2); of B and D who stayed away, B was caught (recall 1/2).
    expect(rows.slice(0, 4).map((r) => r.slice(0, 6))).toEqual([
      ['script-kill/2026.1', '1', '2', '0.5000', '0.5000', '0.5000'],
      ['script-kill/2026.1', '2', '0', '0.0000', '', '0.0000'],
      ['script-kill/2026.1', '3', '0', '0.0000', '', '0.0000'],
      ['script-kill/2026.1', 'any', '2', '0.5000', '0.5000', '0.5000'],
    ]);
    // The queue's first cases at the capacity (5% of 4 customers: 1 case): B and C are level 1 and tied;
    // by level alone the id decides (B, lost: 1 of the 2 lost); every order opens one case.
    expect(rows.slice(4).map((r) => r.slice(0, 3))).toEqual([
      ['script-kill/2026.1', 'first 1 level', '1'],
      ['script-kill/2026.1', 'first 1 level-then-risk', '1'],
      ['script-kill/2026.1', 'first 1 level-then-priority', '1'],
      ['script-kill/2026.1', 'first 1 queue', '1'],
    ]);
    expect(rows[4]!.slice(4, 6)).toEqual(['1.0000', '0.5000']);

    const table = await runCli(['backtest', '--input', file, '--as-of', '2026-05-23', '--compare', 'esports']);
    expect(table.stdout).toContain('4 customers, 2 did not come back (50.0%)');
    expect(table.stdout).toMatch(/esports\/2026\.1\s+any/);
    expect(table.stdout).toMatch(
      /model risk AUC for "did not come back": (\d\.\d{3}|-) \(\d+ customers with enough history\)/,
    );
    // The calibrated risk, learned on the history before the as-of date (too little here: it says so), and the queue at capacity.
    expect(table.stdout).toMatch(
      /script-kill\/2026\.1: calibrated risk of no visit within 26 weeks \(learned on the history before the as-of date, chosen: [a-z-]+\), against what happened: AUC/,
    );
    expect(table.stdout).toContain("the queue's first 1 cases (recall: share of all 2 lost customers they reach");
    expect(table.stdout).toMatch(
      /by level alone\s+opened\s+1\s+lost among them\s+1\s+precision 100\.0%\s+recall {2}50\.0%/,
    );
  });

  it('names a bad capacity', async () => {
    const run = await runCli(['backtest', '--input', 'x.jsonl', '--as-of', '2026-05-23', '--capacity', 'lots']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--capacity: expected a share of the customers such as 5% or a number of cases such as 200, got "lots"',
    );
  });

  it('names a bad horizon', async () => {
    const run = await runCli(['backtest', '--input', 'x.jsonl', '--as-of', '2026-05-23', '--horizon', '6 months']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--horizon: expected weeks or days such as 26w or 180d, got "6 months"');
  });
});
