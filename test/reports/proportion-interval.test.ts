import { describe, expect, it } from 'vitest';
import { differenceInterval, wilsonInterval } from '#shared/reports/proportion-interval.ts';

// Reference values computed independently (Python, the closed forms at double precision).
describe('intervals for the evaluation figures', () => {
  it("gives Wilson's interval for a success rate, inside [0, 1] even at 0 or all", () => {
    const seven = wilsonInterval(7, 10);
    expect(seven?.low).toBeCloseTo(0.39677814746114537, 12);
    expect(seven?.high).toBeCloseTo(0.8922087325936989, 12);
    expect(wilsonInterval(0, 5)).toEqual({ low: 0, high: expect.closeTo(0.43448246478317476, 12) });
    expect(wilsonInterval(5, 5)).toEqual({ low: expect.closeTo(0.5655175352168251, 12), high: 1 });
    expect(wilsonInterval(0, 0)).toBeUndefined();
  });

  it("gives the uplift over a hold-out group with Newcombe's interval", () => {
    // 7 of 10 won back against 2 of 10 who came back on their own: uplift 0.5, 95% interval 0.066 to 0.740.
    const uplift = differenceInterval(7, 10, 2, 10);
    expect(uplift?.difference).toBeCloseTo(0.5, 14);
    expect(uplift?.low).toBeCloseTo(0.06647631448630492, 12);
    expect(uplift?.high).toBeCloseTo(0.7397586340406175, 12);
    expect(differenceInterval(3, 4, 0, 0)).toBeUndefined();
  });
});
