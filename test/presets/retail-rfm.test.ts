import { describe, expect, it } from 'vitest';
import { event, scoreAt } from '../helpers/customer-builder.ts';

const AS_OF = '2026-11-23T20:00:00+08:00';

describe('retail-rfm preset (seed 003, 4.4: red / yellow / blue, and RFM tiers)', () => {
  it('red: 客户连续3次未响应 -> level 3', () => {
    const events = ['2026-09-01', '2026-10-01', '2026-11-01'].map((d) =>
      event.invitation(`${d}T10:00:00+08:00`, 'ignored', 'callback'),
    );
    expect(scoreAt(AS_OF, { events }, 'retail-rfm')).toMatchObject({ level: 3, band: 'red' });
  });

  it('an answer breaks the run: ignored, ignored, accepted, ignored is not red', () => {
    const events = [
      event.invitation('2026-08-01T10:00:00+08:00', 'ignored'),
      event.invitation('2026-09-01T10:00:00+08:00', 'ignored'),
      event.invitation('2026-10-01T10:00:00+08:00', 'accepted'),
      event.invitation('2026-11-01T10:00:00+08:00', 'ignored'),
    ];
    expect(scoreAt(AS_OF, { events }, 'retail-rfm').band).not.toBe('red');
  });

  it('yellow: 活跃度下降50% (visits and interactions) -> level 2', () => {
    const events = [
      event.visit('2026-06-01T10:00:00+08:00', 300),
      event.visit('2026-07-01T10:00:00+08:00', 300),
      event.interaction('2026-07-15T10:00:00+08:00', 'consult'),
      event.visit('2026-08-10T10:00:00+08:00', 300),
      event.visit('2026-10-01T10:00:00+08:00', 300),
    ];
    expect(scoreAt(AS_OF, { events }, 'retail-rfm')).toMatchObject({ level: 2, band: 'yellow' });
  });

  it('blue: 消费频次减少 -> level 1', () => {
    const events = [
      event.visit('2026-06-01T10:00:00+08:00', 300),
      event.visit('2026-07-01T10:00:00+08:00', 300),
      event.visit('2026-10-01T10:00:00+08:00', 300),
      event.interaction('2026-10-15T10:00:00+08:00', 'message'),
    ];
    expect(scoreAt(AS_OF, { events }, 'retail-rfm')).toMatchObject({ level: 1, band: 'blue' });
  });

  it('puts a recent big spender in gold and a lapsed small one in bronze', () => {
    const big = ['2026-03-01', '2026-07-01', '2026-11-10'].map((d) => event.visit(`${d}T10:00:00+08:00`, 4000));
    expect(scoreAt(AS_OF, { events: big }, 'retail-rfm').tier).toBe('gold');
    expect(scoreAt(AS_OF, { events: [event.visit('2026-02-01T10:00:00+08:00', 80)] }, 'retail-rfm').tier).toBe(
      'bronze',
    );
  });
});
