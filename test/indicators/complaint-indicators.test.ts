import { describe, expect, it } from 'vitest';
import { event, evidenceOf, firedAt, scoreAt } from '../helpers/customer-builder.ts';

const AS_OF = '2026-11-23T20:00:00+08:00';

describe('complaints in the last 30 days', () => {
  it('a serious complaint fires serious_complaint, a core indicator', () => {
    const score = scoreAt(AS_OF, { events: [event.complaint('2026-11-10T12:00:00+08:00', 'serious', 'service')] });
    expect(score.indicators.find((finding) => finding.id === 'serious_complaint')).toEqual({
      id: 'serious_complaint',
      core: true,
      evidence: 'serious complaint 2026-11-10 (service) in the last 30 days',
    });
  });

  it('a serious complaint 30 days and a minute back no longer counts', () => {
    expect(
      firedAt(AS_OF, { events: [event.complaint('2026-10-24T19:59:00+08:00', 'serious', 'service')] }),
    ).not.toContain('serious_complaint');
    expect(firedAt(AS_OF, { events: [event.complaint('2026-10-24T20:01:00+08:00', 'serious', 'service')] })).toContain(
      'serious_complaint',
    );
  });

  it('two complaints fire repeat_complaints and not minor_complaint', () => {
    const fired = firedAt(AS_OF, {
      events: [
        event.complaint('2026-11-01T12:00:00+08:00', 'minor', 'script'),
        event.complaint('2026-11-20T12:00:00+08:00', 'minor', 'other'),
      ],
    });
    expect(fired).toContain('repeat_complaints');
    expect(fired).not.toContain('minor_complaint');
  });

  it('exactly one minor complaint fires minor_complaint, which is not core', () => {
    const score = scoreAt(AS_OF, {
      events: [event.complaint('2026-11-20T12:00:00+08:00', 'minor', 'script', { resolved: true })],
    });
    expect(score.indicators.map((finding) => [finding.id, finding.core])).toEqual([['minor_complaint', false]]);
    expect(score.level).toBe(1);
  });
});

describe('reviews and refusals', () => {
  it('an unresolved negative review fires, naming the platform and date', () => {
    expect(
      evidenceOf(
        scoreAt(AS_OF, { events: [event.review('2026-09-03T12:00:00+08:00', 'negative')] }),
        'unresolved_negative_review',
      ),
    ).toBe('negative review not resolved: dianping 2026-09-03');
  });

  it('a negative review resolved by a later resolution does not fire, even when the resolution arrived first', () => {
    const review = event.review('2026-09-03T12:00:00+08:00', 'negative');
    const resolution = event.resolution('2026-09-05T12:00:00+08:00', review.eventId);
    expect(firedAt(AS_OF, { events: [review, resolution] })).not.toContain('unresolved_negative_review');
    expect(firedAt(AS_OF, { events: [resolution, review] })).not.toContain('unresolved_negative_review');
  });

  it('a negative review followed by a refused contact fires the core indicator', () => {
    const fired = firedAt(AS_OF, {
      events: [
        event.review('2026-09-03T12:00:00+08:00', 'negative', { resolved: true }),
        event.contactRefused('2026-09-10T12:00:00+08:00'),
      ],
    });
    expect(fired).toEqual(['negative_review_refused_contact']);
  });

  it('a refusal before the negative review does not', () => {
    const fired = firedAt(AS_OF, {
      events: [
        event.contactRefused('2026-09-01T12:00:00+08:00'),
        event.review('2026-09-03T12:00:00+08:00', 'negative', { resolved: true }),
      ],
    });
    expect(fired).not.toContain('negative_review_refused_contact');
  });
});
