import { describe, expect, it } from 'vitest';
import { event, scoreAt } from '../helpers/customer-builder.ts';

const AS_OF = '2026-11-23T20:00:00+08:00';
const daily = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) =>
    event.visit(`2026-10-${String(from + i).padStart(2, '0')}T20:00:00+08:00`, 50),
  );

describe('esports preset (seed 001: weighted indicators, low / mid / high)', () => {
  it('a long absence alone scores 30: low, level 1', () => {
    const result = scoreAt(AS_OF, { events: daily(1, 1) }, 'esports');
    expect([result.score, result.band, result.level]).toEqual([30, 'low', 1]);
  });

  it('frequency halved and a long absence score 60: mid, level 2', () => {
    // Eight visits in the 30 days before the last 30, then one, then nothing for 22 days.
    const result = scoreAt(
      AS_OF,
      { events: [...daily(1, 8), event.visit('2026-11-01T20:00:00+08:00', 50)] },
      'esports',
    );
    expect(result.indicators.map((finding) => finding.id)).toEqual(['frequency_down', 'long_absence']);
    expect([result.score, result.band, result.level]).toEqual([60, 'mid', 2]);
  });

  it('adding a lapsed membership reaches 75: high, level 3', () => {
    const result = scoreAt(
      AS_OF,
      {
        segment: 'member',
        membership: { expiresAt: '2026-11-01T00:00:00+08:00' },
        events: [...daily(1, 8), event.visit('2026-11-01T20:00:00+08:00', 50)],
      },
      'esports',
    );
    expect([result.score, result.band, result.level]).toEqual([75, 'high', 3]);
  });

  it('a regular who plays every week raises nothing', () => {
    const weekly = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'].map((d) =>
      event.visit(`${d}T12:00:00+08:00`, 60),
    );
    expect(scoreAt(AS_OF, { events: weekly }, 'esports')).toMatchObject({ level: 0, score: 0 });
  });
});
