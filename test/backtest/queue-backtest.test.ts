import { describe, expect, it } from 'vitest';
import { type BacktestHistory, backtestChain, type PolicyBacktest } from '#cli/backtest/backtest-chain.ts';
import { rhythmChain } from '#cli/sample/rhythm-chain.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';

const DAY = 86_400_000;
const UNTIL = Date.parse('2026-11-23T23:59:59+08:00');
const HORIZON_DAYS = 182;
const AS_OF = UNTIL - HORIZON_DAYS * DAY;

function chainHistory(seed: number, customers: number): BacktestHistory {
  const files = [...rhythmChain({ customers, seed, until: UNTIL })].map(({ file }) => file);
  return {
    before: files.map((file) => ({ profile: file, state: foldCustomerFile(file, AS_OF).state })),
    after: files.map((file) => ({ profile: file, state: foldCustomerFile(file, UNTIL).state })),
  };
}

describe('the backtest of the queue on a rhythm chain', () => {
  const history = chainHistory(2028, 4000);
  const customers = history.before.filter(({ state }) => state.visits.count > 0).length;
  // A fifth of the customers: more than level 3 holds, fewer than level 2, so the order within a level decides.
  const capacity = Math.round(customers / 5);
  const [backtest] = backtestChain([presetPolicy('script-kill')], history, AS_OF, HORIZON_DAYS, {
    risk: { capacity },
  }) as [PolicyBacktest];
  const row = (order: string) => backtest.queue!.rows.find((candidate) => candidate.order === order)!;

  it('judges the calibrated risk, learned on the history before the as-of date only, against what happened after it', () => {
    expect(backtest.risk!.fit.risk.chain.chosen).toBe('learned');
    expect(backtest.risk!.auc!).toBeGreaterThan(0.88);
    expect(backtest.risk!.ece!).toBeLessThan(0.05);
    // Better ranked than the BG/NBD risk it builds on, and than the rules' levels.
    expect(backtest.risk!.auc!).toBeGreaterThan(backtest.result.riskAuc!);
  });

  it('reaches more of the lost customers at the same capacity when the risk orders each level than by level alone', () => {
    expect(row('level').opened).toBe(capacity);
    expect(row('level-then-risk').recall!).toBeGreaterThan(row('level').recall!);
    expect(row('level-then-risk').precision!).toBeGreaterThan(0.97);
  });

  it('reaches far more of what the lost customers were worth when risk x value orders the queue', () => {
    expect(row('level-then-priority').valueRecall!).toBeGreaterThan(1.5 * row('level').valueRecall!);
    expect(row('queue').valueRecall!).toBeGreaterThan(1.5 * row('level').valueRecall!);
  });
});
