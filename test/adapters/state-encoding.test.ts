import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '#shared/adapters/state-encoding.ts';
import { foldHistory } from '#shared/state/fold-history.ts';
import { randomHistory, seededRandom } from '../helpers/random-history.ts';

describe('the state as stored on the customer item', () => {
  it('keeps a short state as JSON text and a long one deflated, and gives back exactly the state either way', () => {
    for (const [seed, count] of [
      [1, 5],
      [2, 40],
      [3, 400],
      [4, 2_000],
    ] as const) {
      const { state } = foldHistory(randomHistory(seededRandom(seed), count));
      const stored = encodeState(state);
      expect(typeof stored === 'string').toBe(JSON.stringify(state).length <= 2_048);
      expect(decodeState(stored)).toEqual(state);
    }
  });

  it('refuses a binary state of an unknown encoding rather than misread it', () => {
    expect(() => decodeState(new Uint8Array([9, 1, 2]))).toThrow('unknown state encoding 9');
  });
});
