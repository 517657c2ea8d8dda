import { describe, expect, it } from 'vitest';
import { startPace } from '#shared/queue/start-pace.ts';

describe("case starts at the policy's start rate", () => {
  it('spaces starts 1/rate apart, concurrent callers included, and never waits when the pace is already kept', async () => {
    let now = 1_000;
    const waits: number[] = [];
    const pace = startPace(
      4,
      () => now,
      async (ms) => {
        waits.push(ms);
      },
    );
    await Promise.all([pace(), pace(), pace()]);
    expect(waits).toEqual([250, 500]);
    now += 2_000;
    await pace();
    expect(waits).toEqual([250, 500]);
    expect(() => startPace(0)).toThrow(RangeError);
  });
});
