import { describe, expect, it } from 'vitest';
import { event, evidenceOf, firedAt, scoreAt } from '../helpers/customer-builder.ts';

describe('no_visit_3m: no visit in the 3 complete months before the as-of month nor in it', () => {
  const AS_OF = '2026-11-23T20:00:00+08:00';

  it('fires when the last visit was in July, seen in November', () => {
    expect(firedAt(AS_OF, { events: [event.visit('2026-07-31T23:59:00+08:00')] })).toContain('no_visit_3m');
  });

  it('does not fire when the last visit was on 1 August at 00:01 local (still 31 July in UTC)', () => {
    expect(firedAt(AS_OF, { events: [event.visit('2026-08-01T00:01:00+08:00')] })).not.toContain('no_visit_3m');
  });

  it('turns on at midnight local time on the first of a month', () => {
    const spec = { events: [event.visit('2026-08-15T12:00:00+08:00')] };
    expect(firedAt('2026-11-30T23:59:00+08:00', spec)).not.toContain('no_visit_3m');
    expect(firedAt('2026-12-01T00:01:00+08:00', spec)).toContain('no_visit_3m');
  });

  it('names the quiet months and the last visit', () => {
    const score = scoreAt(AS_OF, { events: [event.visit('2026-07-14T19:00:00+08:00')] });
    expect(evidenceOf(score, 'no_visit_3m')).toBe(
      'no visit from 2026-08 to 2026-11 (3 full months and this month so far); last visit 2026-07-14',
    );
  });
});

describe('core_no_visit_2m: a core customer with no visit in 2 complete months and this one', () => {
  const AS_OF = '2026-11-05T10:00:00+08:00';
  const lastSeenInAugust = [event.visit('2026-08-31T20:00:00+08:00')];

  it('fires for a core customer', () => {
    expect(firedAt(AS_OF, { core: true, events: lastSeenInAugust })).toContain('core_no_visit_2m');
  });

  it('does not apply to customers who are not core', () => {
    expect(firedAt(AS_OF, { core: false, events: lastSeenInAugust })).not.toContain('core_no_visit_2m');
  });

  it('does not fire when the core customer came in September', () => {
    expect(firedAt(AS_OF, { core: true, events: [event.visit('2026-09-01T00:30:00+08:00')] })).not.toContain(
      'core_no_visit_2m',
    );
  });
});
