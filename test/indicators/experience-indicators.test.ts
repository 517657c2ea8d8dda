import { describe, expect, it } from 'vitest';
import { event, evidenceOf, firedAt, scoreAt } from '../helpers/customer-builder.ts';

const AS_OF = '2026-11-23T20:00:00+08:00';

describe('low_script_ratings: two or more different scripts rated 3 ("average") or lower in 365 days', () => {
  it('fires on two scripts rated average or worse', () => {
    const events = [
      event.rating('2026-03-01T22:00:00+08:00', 'script', 3, 'S-12'),
      event.rating('2026-10-01T22:00:00+08:00', 'script', 2, 'S-40'),
    ];
    expect(evidenceOf(scoreAt(AS_OF, { events }), 'low_script_ratings')).toBe(
      '2 scripts rated 3 or lower in the last 365 days: S-12 3/5, S-40 2/5',
    );
  });

  it('does not fire on the same script rated low twice, or on a 4', () => {
    expect(
      firedAt(AS_OF, {
        events: [
          event.rating('2026-03-01T22:00:00+08:00', 'script', 3, 'S-12'),
          event.rating('2026-10-01T22:00:00+08:00', 'script', 1, 'S-12'),
        ],
      }),
    ).not.toContain('low_script_ratings');
    expect(
      firedAt(AS_OF, {
        events: [
          event.rating('2026-03-01T22:00:00+08:00', 'script', 3, 'S-12'),
          event.rating('2026-10-01T22:00:00+08:00', 'script', 4, 'S-40'),
        ],
      }),
    ).not.toContain('low_script_ratings');
  });

  it('forgets a rating 366 days old', () => {
    const events = [
      event.rating('2025-11-22T22:00:00+08:00', 'script', 1, 'S-1'),
      event.rating('2026-10-01T22:00:00+08:00', 'script', 2, 'S-40'),
    ];
    expect(firedAt(AS_OF, { events })).not.toContain('low_script_ratings');
  });
});

describe('dm_service_complaint: a DM rated 2 or lower, or a DM complaint, in 90 days', () => {
  it('fires on a DM rated 2 and not on a 3', () => {
    expect(firedAt(AS_OF, { events: [event.rating('2026-11-01T22:00:00+08:00', 'dm', 2)] })).toContain(
      'dm_service_complaint',
    );
    expect(firedAt(AS_OF, { events: [event.rating('2026-11-01T22:00:00+08:00', 'dm', 3)] })).not.toContain(
      'dm_service_complaint',
    );
  });

  it('fires on a complaint about the DM', () => {
    expect(firedAt(AS_OF, { events: [event.complaint('2026-09-01T12:00:00+08:00', 'minor', 'dm')] })).toContain(
      'dm_service_complaint',
    );
  });
});

describe('environment_unrectified: an open environment complaint, or the venue rated 2 or lower in 90 days', () => {
  it('fires on an environment complaint from long ago that was never resolved', () => {
    const score = scoreAt(AS_OF, { events: [event.complaint('2025-06-01T12:00:00+08:00', 'minor', 'environment')] });
    expect(evidenceOf(score, 'environment_unrectified')).toBe('environment complaint of 2025-06-01 not resolved');
  });

  it('stops firing once the complaint is resolved', () => {
    const complaint = event.complaint('2025-06-01T12:00:00+08:00', 'minor', 'environment');
    expect(
      firedAt(AS_OF, { events: [complaint, event.resolution('2026-11-01T12:00:00+08:00', complaint.eventId)] }),
    ).not.toContain('environment_unrectified');
  });

  it('fires on the venue rated 2 in the last 90 days', () => {
    expect(firedAt(AS_OF, { events: [event.rating('2026-10-01T22:00:00+08:00', 'environment', 2)] })).toContain(
      'environment_unrectified',
    );
  });
});
