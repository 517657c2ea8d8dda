import { describe, expect, it } from 'vitest';
import { event, evidenceOf, firedAt, scoreAt } from '../helpers/customer-builder.ts';

const AS_OF = '2026-11-23T20:00:00+08:00';
const previousYear = (count: number) =>
  Array.from({ length: count }, (_, i) => event.visit(`2025-0${i + 1}-15T19:00:00+08:00`));

describe('annual_frequency_halved: visits in the last 365 days under half of the 365 days before', () => {
  it('fires on 1 visit this year against 4 the year before', () => {
    const score = scoreAt(AS_OF, { events: [...previousYear(4), event.visit('2026-10-01T19:00:00+08:00')] });
    expect(evidenceOf(score, 'annual_frequency_halved')).toBe(
      '1 visits in the last 365 days vs 4 in the 365 days before (limit 50%)',
    );
  });

  it('does not fire at exactly half (2 against 4)', () => {
    const events = [
      ...previousYear(4),
      event.visit('2026-03-01T19:00:00+08:00'),
      event.visit('2026-10-01T19:00:00+08:00'),
    ];
    expect(firedAt(AS_OF, { events })).not.toContain('annual_frequency_halved');
  });

  it('needs at least 4 visits the year before', () => {
    expect(firedAt(AS_OF, { events: previousYear(3) })).not.toContain('annual_frequency_halved');
  });

  it('counts 365 calendar days across a leap day: a visit exactly 365 days back belongs to the earlier year', () => {
    const asOf = '2028-02-29T12:00:00+08:00'; // 365 days back is 2027-03-01 12:00
    const earlier = Array.from({ length: 3 }, (_, i) => event.visit(`2026-0${i + 4}-10T12:00:00+08:00`));
    const onTheBoundary = [...earlier, event.visit('2027-03-01T12:00:00+08:00')];
    expect(firedAt(asOf, { events: onTheBoundary })).toContain('annual_frequency_halved');
    const justInside = [...earlier, event.visit('2027-03-01T12:01:00+08:00')];
    expect(firedAt(asOf, { events: justInside })).not.toContain('annual_frequency_halved');
  });
});
