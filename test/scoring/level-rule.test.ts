import { describe, expect, it } from 'vitest';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { compileLevelRule, type FiredIndicator } from '#shared/scoring/level-rule.ts';

const fired = (core: number, nonCore: number): FiredIndicator[] => [
  ...Array.from({ length: core }, (_, i) => ({ id: `core_${i}`, core: true })),
  ...Array.from({ length: nonCore }, (_, i) => ({ id: `non_core_${i}`, core: false })),
];

describe('the levels of SPEC section 3 (script-kill)', () => {
  const levelOf = compileLevelRule(presetPolicy('script-kill').levels);
  const cases: Array<[core: number, nonCore: number, level: number]> = [
    [0, 0, 0],
    [0, 1, 1],
    [0, 2, 1],
    [0, 3, 2],
    [0, 7, 2],
    [1, 0, 2],
    [2, 0, 2],
    [2, 9, 2],
    [3, 0, 3],
    [5, 4, 3],
  ];
  it.each(cases)('%i core and %i non-core indicators give level %i', (core, nonCore, level) => {
    expect(levelOf(fired(core, nonCore)).level).toBe(level);
  });
});

describe('weighted bands (esports)', () => {
  const levelOf = compileLevelRule({
    rule: 'weighted',
    bands: [
      { name: 'low', level: 1, minScore: 20 },
      { name: 'high', level: 3, minScore: 70 },
      { name: 'mid', level: 2, minScore: 45 },
    ],
  });
  const weights = (...values: number[]) => values.map((weight, i) => ({ id: `i${i}`, core: false, weight }));

  it('sums the weights and picks the highest band reached, whatever the order bands are listed in', () => {
    expect(levelOf(weights(10, 9))).toEqual({ level: 0, score: 19 });
    expect(levelOf(weights(20))).toEqual({ level: 1, band: 'low', score: 20 });
    expect(levelOf(weights(30, 15))).toEqual({ level: 2, band: 'mid', score: 45 });
    expect(levelOf(weights(30, 30, 10))).toEqual({ level: 3, band: 'high', score: 70 });
  });
});

describe('named bands (red / orange / yellow)', () => {
  const levelOf = compileLevelRule({
    rule: 'bands',
    bands: [
      { name: 'yellow', level: 1, allOf: ['a'] },
      { name: 'red', level: 3, allOf: ['a', 'b'] },
    ],
  });
  const ids = (...names: string[]) => names.map((id) => ({ id, core: false }));

  it('needs every indicator of a band, and the highest band matched wins', () => {
    expect(levelOf(ids('b'))).toEqual({ level: 0 });
    expect(levelOf(ids('a'))).toEqual({ level: 1, band: 'yellow' });
    expect(levelOf(ids('b', 'a'))).toEqual({ level: 3, band: 'red' });
  });
});
