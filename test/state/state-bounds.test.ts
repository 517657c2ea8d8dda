import { describe, expect, it } from 'vitest';
import type { CustomerEvent } from '#shared/customer/event-schema.ts';
import { upgradeState } from '#shared/state/apply-event.ts';
import { emptyCustomerState, STATE_LIST_CAPS } from '#shared/state/customer-state.ts';
import { foldHistory } from '#shared/state/fold-history.ts';
import { seededRandom, shuffled } from '../helpers/random-history.ts';

const START = Date.parse('2026-06-01T00:00:00Z');
const iso = (minutes: number) => new Date(START + minutes * 60_000).toISOString();

describe("the state's lists are bounded whatever a sender sends", () => {
  it('keeps the latest resolution refs within the cap, and the same ones whatever the order of arrival', () => {
    const resolutions: CustomerEvent[] = Array.from({ length: 500 }, (_, i) => ({
      eventId: `r-${i}`,
      type: 'resolution',
      at: iso(i),
      ref: `unknown-${i}`,
    }));
    const { state } = foldHistory(resolutions);
    expect(state.resolvedRefs).toHaveLength(STATE_LIST_CAPS.resolvedRefs);
    expect(state.resolvedRefs[0]).toEqual(['unknown-300', Date.parse(iso(300))]);
    expect(foldHistory(shuffled(resolutions, seededRandom(5))).state).toEqual(state);
  });

  it('caps every per-event list at its latest entries, order-independently', () => {
    const many: CustomerEvent[] = Array.from({ length: 4_000 }, (_, i) => {
      const at = iso(i * 7);
      const eventId = `e-${i}`;
      switch (i % 5) {
        case 0:
          return { eventId, type: 'interaction', at, channel: 'message' };
        case 1:
          return { eventId, type: 'survey', at, score: i % 100 };
        case 2:
          return { eventId, type: 'invitation', at, kind: 'event', response: 'declined' };
        case 3:
          return { eventId, type: 'appointment', at, status: 'no_show' };
        default:
          return { eventId, type: 'rating', at, target: 'dm', score: 2, scriptId: 'S-1' };
      }
    });
    const visits: CustomerEvent[] = Array.from({ length: 3_500 }, (_, i) => ({
      eventId: `v-${i}`,
      type: 'visit',
      at: iso(i * 60),
      amount: 10,
    }));
    const { state } = foldHistory([...many, ...visits]);
    expect(state.interactions.recent).toHaveLength(800);
    expect(state.surveys.length).toBeLessThanOrEqual(STATE_LIST_CAPS.surveys);
    expect(state.invitations.length).toBeLessThanOrEqual(STATE_LIST_CAPS.invitations);
    expect(state.appointments.length).toBeLessThanOrEqual(STATE_LIST_CAPS.appointments);
    expect(state.ratings.at.length).toBeLessThanOrEqual(STATE_LIST_CAPS.ratings);
    expect(state.visits.recentAt).toHaveLength(STATE_LIST_CAPS.visits);
    expect(state.visits.count).toBe(3_500);
    expect(state.visits.recentAt.at(-1)).toBe(Date.parse(iso(3_499 * 60)));
    expect(foldHistory(shuffled([...many, ...visits], seededRandom(9))).state).toEqual(state);
  });

  it('brings a state from before the bounds to them: refs no eventId can match are dropped, the others kept', () => {
    const legacy = {
      ...emptyCustomerState(),
      newestAt: START,
      resolvedRefs: ['c-2', 'x'.repeat(200_000), 'c-1'] as unknown as Array<[string, number]>,
    };
    expect(upgradeState(legacy, 64).resolvedRefs).toEqual([
      ['c-1', START],
      ['c-2', START],
    ]);
  });

  it('keeps a daily visitor of three years well inside one item', () => {
    const random = seededRandom(3);
    const daily: CustomerEvent[] = Array.from({ length: 3 * 365 }, (_, day) => ({
      eventId: `d-${day}`,
      type: 'visit',
      at: iso(day * 1_440 + Math.floor(random() * 600)),
      amount: 50 + Math.round(random() * 200),
    }));
    const bytes = Buffer.byteLength(JSON.stringify(foldHistory(daily).state));
    // 800 days of visits in the window: about 16 KB, 4 read units.
    expect(bytes).toBeLessThan(20_000);
  });
});
