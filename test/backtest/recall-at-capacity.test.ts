import { describe, expect, it } from 'vitest';
import { parseCapacity, type QueueCandidate, recallAtCapacity } from '#cli/backtest/recall-at-capacity.ts';

const customer = (customerId: string, level: number, risk: number, value: number, lost: boolean): QueueCandidate => ({
  customerId,
  level,
  risk,
  value,
  priority: risk * value,
  lost,
});

// Worked by hand. Lost: A, C, E, G (4, worth 100 + 400 + 50 + 80 = 630). G was never alerted.
const customers = [
  customer('A', 2, 0.9, 100, true),
  customer('B', 2, 0.2, 500, false),
  customer('C', 1, 0.8, 400, true),
  customer('D', 1, 0.3, 50, false),
  customer('E', 3, 0.7, 50, true),
  customer('F', 1, 0.1, 300, false),
  customer('G', 0, 0.9, 80, true),
];

describe("recall at capacity: the lost customers the queue's first cases reach", () => {
  it('by level alone opens level 3, then level 2 in id order', () => {
    // E (3), A (2), B (2): A and E lost of 4; worth 150 of 630.
    expect(recallAtCapacity(customers, 3, 'level')).toEqual({
      order: 'level',
      opened: 3,
      caught: 2,
      recall: 0.5,
      valueRecall: 150 / 630,
      precision: 2 / 3,
    });
  });

  it('by level then risk opens the likeliest lost within a level first', () => {
    // E, A (0.9), B (0.2); then C (0.8) at level 1.
    expect(recallAtCapacity(customers, 4, 'level-then-risk')).toMatchObject({ caught: 3, recall: 0.75 });
  });

  it("by level then risk x value, and in the work queue's order: level 3 first, then most at stake whatever the level", () => {
    // Level then priority: E, A (90), B (100) -> B before A: E, B, A.
    expect(recallAtCapacity(customers, 2, 'level-then-priority')).toMatchObject({ caught: 1, valueRecall: 50 / 630 });
    // The queue: E, then C (320) before B (100) and A (90).
    expect(recallAtCapacity(customers, 2, 'queue')).toMatchObject({ caught: 2, recall: 0.5, valueRecall: 450 / 630 });
  });

  it('opens no more than the alerted customers, and nothing at capacity 0', () => {
    expect(recallAtCapacity(customers, 100, 'level')).toMatchObject({ opened: 6, caught: 3, recall: 0.75 });
    expect(recallAtCapacity(customers, 0, 'queue')).toMatchObject({
      opened: 0,
      caught: 0,
      recall: 0,
      precision: undefined,
    });
  });

  it('reads a capacity as a share of the customers or a number of cases', () => {
    expect(parseCapacity('5%', 2000)).toBe(100);
    expect(parseCapacity('0.5%', 100)).toBe(1);
    expect(parseCapacity('250', 2000)).toBe(250);
    for (const bad of ['0', '-3', '150%', 'lots', '5 %x']) expect(parseCapacity(bad, 2000)).toBeUndefined();
  });
});
