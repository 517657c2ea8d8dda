import { describe, expect, it } from 'vitest';
import { event, evidenceOf, firedAt, scoreAt } from '../helpers/customer-builder.ts';

const AS_OF = '2026-11-23T20:00:00+08:00';

describe('gone_silent: two or more consultations or shares before the last 90 days, none within them', () => {
  const before = [
    event.interaction('2026-05-02T10:00:00+08:00', 'consult'),
    event.interaction('2026-06-30T10:00:00+08:00', 'share'),
  ];

  it('fires when the customer used to consult and share and has stopped', () => {
    expect(evidenceOf(scoreAt(AS_OF, { events: before }), 'gone_silent')).toBe(
      '2 consultations or shares on record, the last on 2026-06-30; none in the last 90 days',
    );
  });

  it('does not fire when one came within the 90 days', () => {
    expect(
      firedAt(AS_OF, { events: [...before, event.interaction('2026-11-01T10:00:00+08:00', 'consult')] }),
    ).not.toContain('gone_silent');
  });

  it('does not count plain messages as consulting or sharing', () => {
    expect(
      firedAt(AS_OF, { events: [before[0]!, event.interaction('2026-06-30T10:00:00+08:00', 'message')] }),
    ).not.toContain('gone_silent');
  });
});

describe('declined_invitations: three or more invitations turned down in 90 days', () => {
  it('fires on declined, ignored and perfunctory answers', () => {
    const events = [
      event.invitation('2026-09-01T10:00:00+08:00', 'declined'),
      event.invitation('2026-10-01T10:00:00+08:00', 'ignored'),
      event.invitation('2026-11-01T10:00:00+08:00', 'perfunctory', 'callback'),
    ];
    expect(evidenceOf(scoreAt(AS_OF, { events }), 'declined_invitations')).toBe(
      '3 invitations turned down in the last 90 days (1 declined, 1 ignored, 1 perfunctory; limit 3)',
    );
  });

  it('does not count accepted invitations or those older than 90 days', () => {
    const events = [
      event.invitation('2026-08-24T10:00:00+08:00', 'declined'), // 91 days back
      event.invitation('2026-10-01T10:00:00+08:00', 'ignored'),
      event.invitation('2026-10-15T10:00:00+08:00', 'accepted'),
      event.invitation('2026-11-01T10:00:00+08:00', 'declined'),
    ];
    expect(firedAt(AS_OF, { events })).not.toContain('declined_invitations');
  });
});
