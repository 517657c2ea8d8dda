import { describe, expect, it } from 'vitest';
import { event, scoreAt } from '../helpers/customer-builder.ts';

const AS_OF = '2026-11-23T20:00:00+08:00';
const score = (events: Parameters<typeof scoreAt>[1]['events']) => scoreAt(AS_OF, { events }, 'med-aesthetics');

describe('med-aesthetics preset (seed 002, chapter 6)', () => {
  it('red: 过去三个月内未进行消费，且满意度调查评分低于60分 -> level 3', () => {
    const result = score([
      event.visit('2026-08-20T15:00:00+08:00', 2800),
      event.survey('2026-09-01T10:00:00+08:00', 55),
    ]);
    expect([result.level, result.band]).toEqual([3, 'red']);
  });

  it('a survey at the pass mark of 60 is not red', () => {
    const result = score([
      event.visit('2026-08-20T15:00:00+08:00', 2800),
      event.survey('2026-09-01T10:00:00+08:00', 60),
    ]);
    expect(result.band).not.toBe('red');
  });

  it('orange: 过去六个月内消费频率降低50%以上，且未参与满意度调查 -> level 2', () => {
    const earlier = ['2025-12-01', '2026-01-10', '2026-02-15', '2026-03-20', '2026-05-01'].map((d) =>
      event.visit(`${d}T15:00:00+08:00`, 1200),
    );
    const result = score([...earlier, event.visit('2026-11-01T15:00:00+08:00', 1200)]);
    expect([result.level, result.band]).toEqual([2, 'orange']);
  });

  it('yellow: 过去一个月内未进行消费，且有未到店预约记录 -> level 1', () => {
    const result = score([
      event.visit('2026-10-01T15:00:00+08:00', 980),
      event.appointment('2026-11-10T14:00:00+08:00', 'no_show'),
      event.survey('2026-10-01T16:00:00+08:00', 90),
    ]);
    expect([result.level, result.band]).toEqual([1, 'yellow']);
  });

  it('a no-show alone, from a client who came last week, raises nothing', () => {
    const result = score([
      event.visit('2026-11-16T15:00:00+08:00', 980),
      event.appointment('2026-11-20T14:00:00+08:00', 'no_show'),
    ]);
    expect(result.level).toBe(0);
  });
});
