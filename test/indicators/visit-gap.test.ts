import { describe, expect, it } from 'vitest';
import { event, evidenceOf, firedAt, scoreAt } from '../helpers/customer-builder.ts';

const AS_OF = '2026-11-23T20:00:00+08:00';

describe('visit_gap: more than 60 days since the last visit (regular), 30 (member)', () => {
  it('fires for a regular customer at 61 days and not at 60', () => {
    expect(firedAt(AS_OF, { events: [event.visit('2026-09-23T15:00:00+08:00')] })).toContain('visit_gap');
    expect(firedAt(AS_OF, { events: [event.visit('2026-09-24T15:00:00+08:00')] })).not.toContain('visit_gap');
  });

  it('fires for a member at 31 days and not at 30', () => {
    expect(firedAt(AS_OF, { segment: 'member', events: [event.visit('2026-10-23T15:00:00+08:00')] })).toContain(
      'visit_gap',
    );
    expect(firedAt(AS_OF, { segment: 'member', events: [event.visit('2026-10-24T15:00:00+08:00')] })).not.toContain(
      'visit_gap',
    );
  });

  it('counts calendar days in Asia/Shanghai: 23:59 and 00:01 local are different dates though the same UTC date', () => {
    // 2026-09-23T23:59+08:00 and 2026-09-24T00:01+08:00 are both 2026-09-23 in UTC.
    expect(firedAt(AS_OF, { events: [event.visit('2026-09-23T23:59:00+08:00')] })).toContain('visit_gap');
    expect(firedAt(AS_OF, { events: [event.visit('2026-09-24T00:01:00+08:00')] })).not.toContain('visit_gap');
  });

  it('says when the customer last came, how long ago and the limit', () => {
    const score = scoreAt('2026-10-14T10:00:00+08:00', { events: [event.visit('2026-08-01T19:00:00+08:00')] });
    expect(evidenceOf(score, 'visit_gap')).toBe('last visit 2026-08-01, 74 days ago, limit 60');
  });

  it('does not fire for a new customer who has never visited', () => {
    expect(scoreAt(AS_OF, { events: [event.interaction('2026-01-01T10:00:00+08:00', 'consult')] }).level).toBe(0);
  });
});

describe('visit_gap_early: a regular customer 31 to 60 days since the last visit', () => {
  it('fires between 31 and 60 days, not at 30 or 61', () => {
    const at = (date: string) => firedAt(AS_OF, { events: [event.visit(`${date}T12:00:00+08:00`)] });
    expect(at('2026-10-23')).toContain('visit_gap_early'); // 31 days
    expect(at('2026-09-24')).toContain('visit_gap_early'); // 60 days
    expect(at('2026-10-24')).not.toContain('visit_gap_early'); // 30 days
    expect(at('2026-09-23')).not.toContain('visit_gap_early'); // 61 days: visit_gap instead
  });

  it('never fires for members', () => {
    expect(firedAt(AS_OF, { segment: 'member', events: [event.visit('2026-10-10T12:00:00+08:00')] })).not.toContain(
      'visit_gap_early',
    );
  });
});
