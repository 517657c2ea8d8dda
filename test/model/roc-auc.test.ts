import { describe, expect, it } from 'vitest';
import { rocAuc } from '#shared/model/roc-auc.ts';

const scored = (pairs: Array<[number, boolean]>) => pairs.map(([score, positive]) => ({ score, positive }));

describe('the AUC of a risk score', () => {
  it('is 1 when every positive outranks every negative, 0 when reversed, 0.5 for one tied score', () => {
    expect(
      rocAuc(
        scored([
          [0.9, true],
          [0.8, true],
          [0.2, false],
          [0.1, false],
        ]),
      ),
    ).toBe(1);
    expect(
      rocAuc(
        scored([
          [0.1, true],
          [0.9, false],
        ]),
      ),
    ).toBe(0);
    expect(
      rocAuc(
        scored([
          [0.5, true],
          [0.5, false],
          [0.5, true],
        ]),
      ),
    ).toBe(0.5);
  });

  it('counts the pairs a positive wins, ties as half, by hand on a small case', () => {
    // Positives 0.8, 0.4; negatives 0.6, 0.4, 0.2: 0.8 wins all 3; 0.4 loses to 0.6, ties 0.4 (half), beats 0.2: 4.5 of 6 pairs.
    expect(
      rocAuc(
        scored([
          [0.8, true],
          [0.4, true],
          [0.6, false],
          [0.4, false],
          [0.2, false],
        ]),
      ),
    ).toBeCloseTo(4.5 / 6, 14);
  });

  it('has no value when one class is empty', () => {
    expect(rocAuc(scored([[0.3, true]]))).toBeUndefined();
    expect(rocAuc([])).toBeUndefined();
  });
});
