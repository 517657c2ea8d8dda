import { describe, expect, it } from 'vitest';
import { sampleChain } from '#cli/sample/sample-chain.ts';
import { fitBgNbd } from '#shared/model/fit-bg-nbd.ts';
import { fitWarnings } from '#shared/model/fit-warnings.ts';
import { repeatVisitCalibration } from '#shared/model/repeat-distribution.ts';
import { simulateBgNbd } from '#shared/model/simulate-bg-nbd.ts';
import { fitStoreModels } from '#shared/model/store-models.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';

describe('a model fit that says when it should not be trusted', () => {
  it.each([
    ['weekly players', { r: 0.8, alpha: 5, a: 0.6, b: 3 }, 52],
    ['monthly diners', { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39],
    ['yearly buyers', { r: 1.2, alpha: 60, a: 1.5, b: 4 }, 156],
  ])('raises nothing on %s drawn from the model itself', (_, truth, T) => {
    const customers = simulateBgNbd(truth, 3000, T, 11);
    const fit = fitBgNbd(customers);
    expect(fitWarnings(fit, repeatVisitCalibration(fit.params, customers))).toEqual([]);
  });

  it('names parameters the data cannot pin down and repeat counts the model misses', () => {
    const warnings = fitWarnings({ params: { r: 0.5, alpha: 3, a: 154_611, b: 19_400_000 }, converged: true }, [
      { repeats: '0', actual: 1200, expected: 1190 },
      { repeats: '2', actual: 4, expected: 45 },
    ]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('a = 1.55e+5');
    expect(warnings[0]).toContain('b = 1.94e+7');
    expect(warnings[0]).not.toContain('alpha');
    expect(warnings[1]).toContain('2 repeats: 4 seen, 45.0 expected');
    expect(warnings[1]).not.toContain('0 repeats');
  });

  it('does not flag the noise of a small store', () => {
    // 9 seen against 5 expected: within three Poisson deviations.
    expect(
      fitWarnings({ params: { r: 0.5, alpha: 3, a: 1, b: 3 }, converged: true }, [
        { repeats: '3', actual: 9, expected: 5 },
      ]),
    ).toEqual([]);
  });

  it("says so with the model on `npm start`'s sample chain, whose drop-out the data cannot pin down", () => {
    const until = Date.parse('2026-11-23T02:00:00+08:00');
    const policy = presetPolicy('script-kill');
    const customers = [...sampleChain({ customers: 2000, seed: 7, until })].map((file) => ({
      profile: file,
      state: foldCustomerFile(file, until).state,
    }));
    const chain = fitStoreModels(customers, until, 'week', new ZonedClock(policy.timeZone)).find(
      (model) => model.storeId === '*',
    )!;
    expect(chain.params.a).toBeGreaterThan(1e4);
    expect(chain.warnings.join('\n')).toMatch(/a = .*b = /);
    expect(chain.warnings.join('\n')).toContain('does not reproduce');
  });
});
