import { describe, expect, it } from 'vitest';
import { event, evidenceOf, firedAt, scoreAt } from '../helpers/customer-builder.ts';

const AS_OF = '2026-11-23T20:00:00+08:00';

describe('spend_drop: the last visit under 40% of the average of the visits before it', () => {
  const three = [
    event.visit('2026-08-01T19:00:00+08:00', 80),
    event.visit('2026-09-01T19:00:00+08:00', 100),
    event.visit('2026-10-01T19:00:00+08:00', 120),
  ];

  it('fires at 39.99 yuan against an average of 100', () => {
    const score = scoreAt(AS_OF, { events: [...three, event.visit('2026-11-20T19:00:00+08:00', 39.99)] });
    expect(evidenceOf(score, 'spend_drop')).toBe(
      'last visit 2026-11-20 spent 39.99 yuan, 39% of the 100.00 average of the 3 visits before (limit 40%)',
    );
  });

  it('does not fire at exactly 40%', () => {
    expect(firedAt(AS_OF, { events: [...three, event.visit('2026-11-20T19:00:00+08:00', 40)] })).not.toContain(
      'spend_drop',
    );
  });

  it('needs at least 3 visits before the last', () => {
    expect(firedAt(AS_OF, { events: [...three.slice(1), event.visit('2026-11-20T19:00:00+08:00', 1)] })).not.toContain(
      'spend_drop',
    );
  });

  it('takes the latest visit by time, whatever order the events arrived in', () => {
    const late = event.visit('2026-11-20T19:00:00+08:00', 10);
    expect(firedAt(AS_OF, { events: [late, ...three] })).toContain('spend_drop');
  });
});

describe('spend_declining_3m: spend lower in each of the last 3 complete months than the month before', () => {
  const july = event.visit('2026-07-10T19:00:00+08:00', 300);
  const august = event.visit('2026-08-10T19:00:00+08:00', 200);
  const september = event.visit('2026-09-10T19:00:00+08:00', 100);

  it('fires on 300, 200, 100, 50 from July to October', () => {
    const score = scoreAt(AS_OF, { events: [july, august, september, event.visit('2026-10-31T23:59:00+08:00', 50)] });
    expect(evidenceOf(score, 'spend_declining_3m')).toBe(
      'monthly spend 2026-07: 300.00, 2026-08: 200.00, 2026-09: 100.00, 2026-10: 50.00 yuan, lower every month',
    );
  });

  it('does not fire when one month equals the one before', () => {
    expect(
      firedAt(AS_OF, { events: [july, august, september, event.visit('2026-10-15T19:00:00+08:00', 100)] }),
    ).not.toContain('spend_declining_3m');
  });

  it('puts a visit at 00:01 on 1 October local in October, not September', () => {
    // 2026-10-01T00:01+08:00 is still 30 September in UTC: in September it would make 100 + 150 > 200.
    const events = [july, august, september, event.visit('2026-10-01T00:01:00+08:00', 150)];
    expect(firedAt(AS_OF, { events })).not.toContain('spend_declining_3m');
  });

  it('ignores the as-of month so far', () => {
    const events = [
      july,
      august,
      september,
      event.visit('2026-10-12T19:00:00+08:00', 50),
      event.visit('2026-11-02T19:00:00+08:00', 500),
    ];
    expect(firedAt(AS_OF, { events })).toContain('spend_declining_3m');
  });
});
