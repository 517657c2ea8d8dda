import { describe, expect, it } from 'vitest';
import { noReturnProbability, pAlive } from '#shared/model/bg-nbd.ts';
import { ModelBook } from '#shared/model/model-book.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { event, subjectOf } from '../helpers/customer-builder.ts';

const clock = new ZonedClock('Asia/Shanghai');
const asOf = Date.parse('2026-11-23T23:59:59+08:00');
const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const weekly = (weeksAgo: number[]) =>
  subjectOf({ events: weeksAgo.map((w) => event.visit(new Date(asOf - w * 7 * 86_400_000).toISOString(), 100)) });

describe('what the fitted model says of a customer', () => {
  it('gives the risk of no visit in the horizon: for a customer with no repeat visit, the chance an active rate yields none', () => {
    // x = 0: P(alive) is 1, and no visit in t has probability ((α+T)/(α+T+t))^r.
    expect(pAlive(params, { x: 0, tx: 0, T: 30 })).toBe(1);
    expect(noReturnProbability(params, { x: 0, tx: 0, T: 30 }, 26)).toBeCloseTo(
      ((4.414 + 30) / (4.414 + 56)) ** 0.243,
      14,
    );
    // With repeat visits: a dropped-out customer makes none, an active one none with the same kind of chance.
    const customer = { x: 4, tx: 20, T: 40 };
    const alive = pAlive(params, customer);
    expect(noReturnProbability(params, customer, 26)).toBeCloseTo(
      1 - alive + alive * ((4.414 + 40) / (4.414 + 66)) ** 4.243,
      14,
    );
    // Over no time at all, no visit is certain.
    expect(noReturnProbability(params, customer, 0)).toBeCloseTo(1, 14);
  });

  it("rates a regular who stopped coming as riskier than one who came last week, with the store model or else the chain's", () => {
    const book = new ModelBook([{ storeId: '*', unit: 'week', params }], 26);
    const stopped = book.outlook(weekly([40, 36, 32, 28, 24]), asOf, clock);
    const steady = book.outlook(weekly([40, 30, 20, 10, 1]), asOf, clock);
    expect(stopped.ok && steady.ok).toBe(true);
    if (!stopped.ok || !steady.ok) return;
    expect(stopped.risk).toBeGreaterThan(steady.risk);
    expect(stopped.pAlive).toBeLessThan(steady.pAlive);
    expect(stopped.expectedVisits).toBeLessThan(steady.expectedVisits);
    expect(stopped.horizonWeeks).toBe(26);
    const ownStore = new ModelBook(
      [
        { storeId: '*', unit: 'week', params },
        { storeId: 'S1', unit: 'week', params: { ...params, b: 50 } },
      ],
      26,
    );
    const withStore = ownStore.outlook(weekly([40, 36, 32, 28, 24]), asOf, clock);
    expect(withStore.ok && withStore.pAlive).toBeGreaterThan(stopped.pAlive);
  });

  it('says why it gives no number: too little history, or no model for the store', () => {
    const book = new ModelBook([{ storeId: '*', unit: 'week', params }], 26);
    expect(book.outlook(weekly([1]), asOf, clock)).toEqual({
      ok: false,
      reason: 'first visit 7 days ago: too little history for the model (needs 28)',
    });
    expect(new ModelBook([{ storeId: 'S9', unit: 'week', params }], 26).outlook(weekly([10]), asOf, clock)).toEqual({
      ok: false,
      reason: 'no model fitted for store S1',
    });
  });
});
