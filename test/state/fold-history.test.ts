import { describe, expect, it } from 'vitest';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { PolicyScorer } from '#shared/scoring/policy-scorer.ts';
import { applyEvent } from '#shared/state/apply-event.ts';
import { emptyCustomerState } from '#shared/state/customer-state.ts';
import { foldHistory } from '#shared/state/fold-history.ts';
import { event } from '../helpers/customer-builder.ts';
import { randomHistory, seededRandom, shuffled } from '../helpers/random-history.ts';

const byTime = <T extends { at: string; eventId: string }>(events: T[]) =>
  [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.eventId < b.eventId ? -1 : 1));

describe("the fold of a customer's history into the state the scan reads", () => {
  it('gives the same state for any arrival order as for the sorted history (200 random histories)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed);
      const history = randomHistory(random, 20 + Math.floor(random() * 80));
      const sorted = foldHistory(byTime(history)).state;
      expect(foldHistory(shuffled(history, random)).state, `seed ${seed}`).toEqual(sorted);
    }
  });

  it('applied one event at a time, in arrival order, ends where the whole history does', () => {
    const random = seededRandom(7);
    const history = randomHistory(random, 150);
    let state = emptyCustomerState();
    for (const item of shuffled(history, random)) state = applyEvent(state, item);
    expect(state).toEqual(foldHistory(byTime(history)).state);
  });

  it('ignores a re-sent event (same eventId) and reports it', () => {
    const visit = event.visit('2026-10-01T19:00:00+08:00', 100);
    const once = foldHistory([visit]);
    const twice = foldHistory([visit, { ...visit }, visit]);
    expect(twice.state).toEqual(once.state);
    expect(twice.duplicates).toEqual([visit.eventId, visit.eventId]);
  });

  it('does not change the state it was given', () => {
    const before = foldHistory([event.visit('2026-10-01T19:00:00+08:00', 100)]).state;
    const snapshot = structuredClone(before);
    applyEvent(before, event.visit('2026-11-01T19:00:00+08:00', 50));
    expect(before).toEqual(snapshot);
  });

  it('keeps money exact in fen, whatever the order amounts with decimals are added in', () => {
    const amounts = [0.1, 0.2, 0.3, 19.99, 0.07, 1234.56];
    const events = amounts.map((amount, i) => event.visit(`2026-0${i + 1}-10T12:00:00+08:00`, amount));
    expect(foldHistory(events).state.visits.spendFen).toBe(125522);
    expect(foldHistory([...events].reverse()).state.visits.spendFen).toBe(125522);
  });

  it('scores the same after a late event as if it had come in order', () => {
    const { score } = new PolicyScorer(presetPolicy('script-kill')).at(Date.parse('2026-11-23T20:00:00+08:00'));
    const random = seededRandom(99);
    const history = randomHistory(random, 120);
    const profile = { customerId: 'C1', storeId: 'S1', segment: 'regular' as const, core: true };
    const inOrder = score({ profile, state: foldHistory(byTime(history)).state });
    const late = score({ profile, state: foldHistory([...history.slice(1), history[0]!]).state });
    expect(late).toEqual(inOrder);
  });

  it("keeps a customer's recent facts bounded: old ratings and invitations are dropped", () => {
    const events = Array.from({ length: 500 }, (_, i) =>
      event.rating(
        new Date(Date.parse('2023-01-01T00:00:00Z') + i * 3 * 86_400_000).toISOString(),
        'script',
        3,
        `S${i}`,
      ),
    );
    const { state } = foldHistory(events);
    const newest = state.newestAt as number;
    expect(state.ratings.at.length).toBeLessThan(140);
    expect(state.ratings.scriptId.length).toBe(state.ratings.at.length);
    expect(Math.min(...state.ratings.at)).toBeGreaterThan(newest - 400 * 86_400_000);
  });
});
