import type { CustomerEvent } from '#shared/customer/event-schema.ts';
import { customerEvent } from '#shared/customer/event-schema.ts';

export { seededRandom } from '#shared/model/seeded-random.ts';

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** A history of every event type over about three years, with resolutions pointing at earlier events. */
export function randomHistory(random: () => number, count: number, prefix = 'h'): CustomerEvent[] {
  const start = Date.parse('2024-01-01T00:00:00+08:00');
  const span = 3 * 365 * 86_400_000;
  const pick = <T>(options: readonly T[]): T => options[Math.floor(random() * options.length)] as T;
  const events: CustomerEvent[] = [];
  for (let i = 0; i < count; i++) {
    // Some events share an instant, to exercise the tie-breaks.
    const at = new Date(start + Math.floor((random() * span) / 3_600_000) * 3_600_000).toISOString();
    const eventId = `${prefix}-${i}`;
    const type = pick([
      'visit',
      'visit',
      'visit',
      'membership',
      'stored_value',
      'complaint',
      'review',
      'invitation',
      'rating',
      'interaction',
      'survey',
      'appointment',
      'contact_refused',
      'resolution',
    ] as const);
    const base = { eventId, at, type };
    const fields: Record<string, unknown> = {
      visit: { amount: Math.round(random() * 40000) / 100 },
      membership: {
        action: pick(['join', 'renew', 'expire']),
        ...(random() < 0.7 ? { expiresAt: new Date(Date.parse(at) + 365 * 86_400_000).toISOString() } : {}),
      },
      stored_value: { action: pick(['topup', 'spend']), amount: 100, balanceAfter: Math.round(random() * 1000) },
      complaint: {
        severity: pick(['minor', 'serious']),
        category: pick(['script', 'dm', 'environment', 'service', 'other']),
        resolved: random() < 0.3,
      },
      review: {
        platform: pick(['meituan', 'dianping', 'xiaohongshu']),
        sentiment: pick(['positive', 'neutral', 'negative']),
        resolved: random() < 0.2,
      },
      invitation: {
        kind: pick(['event', 'new_script', 'callback']),
        response: pick(['accepted', 'declined', 'ignored', 'perfunctory']),
      },
      rating: {
        target: pick(['script', 'dm', 'environment']),
        score: 1 + Math.floor(random() * 5),
        scriptId: pick(['S1', 'S2', 'S3']),
      },
      interaction: { channel: pick(['consult', 'share', 'message']) },
      survey: { score: Math.round(random() * 100) },
      appointment: { status: pick(['attended', 'no_show', 'cancelled']) },
      contact_refused: {},
      resolution: { ref: `${prefix}-${Math.floor(random() * count)}` },
    }[type] as Record<string, unknown>;
    events.push(customerEvent.parse({ ...base, ...fields }));
  }
  return events;
}
