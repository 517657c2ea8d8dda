import { describe, expect, it } from 'vitest';
import { cronPattern, runSchedules } from '../../infra/local/local-schedules.ts';
import { SynthesizedStack } from '../../infra/local/synthesized-stack.ts';

describe("the stack's schedules on the local policy clock", () => {
  it('reads EventBridge cron expressions as five-field cron, weekdays counted from Sunday = 1', () => {
    expect(cronPattern('cron(0 2 * * ? *)')).toBe('0 2 * * *');
    expect(cronPattern('cron(0 8 ? * MON *)')).toBe('0 8 * * MON');
    expect(cronPattern('cron(0 8 ? * 2 *)')).toBe('0 8 * * 1');
    expect(() => cronPattern('rate(5 minutes)')).toThrow('not an EventBridge cron expression');
  });

  it('fires each synthesized schedule at its time in Shanghai as policy time passes, in order, with the input EventBridge would send', async () => {
    const schedules = SynthesizedStack.of().schedules();
    expect(schedules.map((s) => [s.expression, s.timeZone, s.target.kind]).sort()).toEqual([
      ['cron(0 2 * * ? *)', 'Asia/Shanghai', 'stateMachine'],
      ['cron(0 3 1 * ? *)', 'Asia/Shanghai', 'stateMachine'],
      ['cron(0 4 1 * ? *)', 'Asia/Shanghai', 'function'],
      ['cron(0 7 1 * ? *)', 'Asia/Shanghai', 'function'],
      ['cron(0 8 1 * ? *)', 'Asia/Shanghai', 'function'],
      ['cron(0 8 ? * MON *)', 'Asia/Shanghai', 'stateMachine'],
      ['cron(0 9 1 1,4,7,10 ? *)', 'Asia/Shanghai', 'function'],
      ['cron(0 9 ? * MON *)', 'Asia/Shanghai', 'function'],
      ['cron(30 7 1 * ? *)', 'Asia/Shanghai', 'function'],
      ['cron(30 8 1 * ? *)', 'Asia/Shanghai', 'function'],
      ['cron(30 8 ? * * *)', 'Asia/Shanghai', 'function'],
    ]);
    // Policy time: Sunday 2026-11-29 00:00 in Shanghai, then (on the next tick) Tuesday 2026-12-01 12:00.
    let now = Date.parse('2026-11-29T00:00:00+08:00');
    const fired: Array<{ input: Record<string, unknown>; expression: string }> = [];
    const runner = runSchedules(schedules, {
      now: () => now,
      fire: async (schedule, input) =>
        void fired.push({ input: JSON.parse(input) as Record<string, unknown>, expression: schedule.expression }),
      onError: (error) => {
        throw error;
      },
      tickMs: 20,
    });
    now = Date.parse('2026-12-01T12:00:00+08:00');
    await expect.poll(() => fired.length).toBe(14);
    runner.stop();
    const label = ({ input, expression }: (typeof fired)[number]) =>
      input.runId ??
      (input.kind
        ? `${input.kind} report as of ${input.asOf}`
        : expression === 'cron(30 8 ? * * *)'
          ? `digest as of ${input.asOf}`
          : `model fit as of ${input.asOf}`);
    expect(fired.map(label)).toEqual([
      'daily-2026-11-28T18:00:00Z', // Sunday 02:00 in Shanghai
      'digest as of 2026-11-29T00:30:00Z', // Sunday 08:30 (the digest itself sends nothing on a day off)
      'daily-2026-11-29T18:00:00Z', // Monday 02:00
      'weekly-2026-11-30T00:00:00Z', // Monday 08:00
      'digest as of 2026-11-30T00:30:00Z', // Monday 08:30
      'weekly report as of 2026-11-30T01:00:00Z', // Monday 09:00, after the week's summary scan
      'daily-2026-11-30T18:00:00Z', // Tuesday 1 December 02:00
      'monthly-2026-11-30T19:00:00Z', // and 03:00
      'model fit as of 2026-11-30T20:00:00Z', // and the models at 04:00
      'risk-list report as of 2026-11-30T23:00:00Z', // the reports from 07:00 (no quarterly in December)
      'evaluation report as of 2026-11-30T23:30:00Z',
      'kpis report as of 2026-12-01T00:00:00Z',
      'churn-reasons report as of 2026-12-01T00:30:00Z', // 08:30, and the digest beside it (the stack's order)
      'digest as of 2026-12-01T00:30:00Z',
    ]);
    expect(fired[0]?.input).toEqual({
      runId: 'daily-2026-11-28T18:00:00Z',
      kind: 'daily',
      asOf: '2026-11-28T18:00:00Z',
      totalSegments: 8,
    });
  });
});
