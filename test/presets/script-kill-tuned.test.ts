import { describe, expect, it } from 'vitest';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';

describe("script-kill-tuned preset (the backtest's proposal, awaiting approval under Art. 9)", () => {
  const tuned = presetPolicy('script-kill-tuned');
  const inForce = presetPolicy('script-kill');

  it('is a proposal beside the default, not the default', () => {
    expect(tuned.version).toMatch(/-proposed$/);
    expect(tuned.description).toContain('awaiting approval under Art. 9');
    expect(presetPolicy().version).toBe(inForce.version);
  });

  it("keeps every SPEC indicator on file (the two it switches off included) and adds the model's", () => {
    const ids = tuned.indicators.map((indicator) => indicator.id);
    expect(ids).toEqual(expect.arrayContaining(inForce.indicators.map((indicator) => indicator.id)));
    expect(tuned.indicators.filter((indicator) => !indicator.enabled).map((indicator) => indicator.id)).toEqual([
      'no_visit_3m',
      'visit_gap_early',
    ]);
    expect(
      tuned.indicators.filter((indicator) => indicator.kind === 'model_low_return').map((indicator) => indicator.id),
    ).toEqual(['model_gone', 'model_low_return']);
  });

  it('raises levels only on indicators that are switched on, and each level has a band', () => {
    if (tuned.levels.rule !== 'bands') throw new Error('expected the bands rule');
    const enabled = new Set(tuned.indicators.filter((indicator) => indicator.enabled).map((indicator) => indicator.id));
    for (const band of tuned.levels.bands)
      for (const id of band.allOf) expect(enabled.has(id), `${band.name}: ${id}`).toBe(true);
    expect(new Set(tuned.levels.bands.map((band) => band.level))).toEqual(new Set([1, 2, 3]));
  });

  it("changes nothing but the indicators and the level rule: deadlines, owners, strategies and approval are script-kill's", () => {
    expect(tuned.deadlines).toEqual(inForce.deadlines);
    expect(tuned.owners).toEqual(inForce.owners);
    expect(tuned.strategies).toEqual(inForce.strategies);
    expect(tuned.approval).toEqual(inForce.approval);
    expect(tuned.timeZone).toBe(inForce.timeZone);
  });
});
