import type { CustomerEvent } from '../customer/event-schema.ts';

/** Fields holding instants: the same instant written with another offset is the same content. */
const INSTANT_FIELDS = new Set(['at', 'expiresAt', 'respondedAt']);

/** An event as it is compared: the parsed record (defaults applied) and the store it happened at. */
export interface EventContent {
  storeId: string;
  event: CustomerEvent;
}

/**
 * The first field in which two records with the same customer and eventId differ, or undefined
 * when they say the same thing (a re-sent record: a duplicate). A difference makes the later one
 * a conflict: an id reused for something else, which must not overwrite or vanish silently.
 */
export function firstDifference(a: EventContent, b: EventContent): string | undefined {
  if (a.storeId !== b.storeId) return 'storeId';
  const left: Readonly<Record<string, unknown>> = a.event;
  const right: Readonly<Record<string, unknown>> = b.event;
  const fields = [...new Set([...Object.keys(left), ...Object.keys(right)])].filter((field) => field !== 'eventId');
  // `type` first, then `at`, then the rest by name: the most telling difference is named.
  fields.sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0));
  for (const field of fields) {
    const x = left[field];
    const y = right[field];
    if (INSTANT_FIELDS.has(field) && typeof x === 'string' && typeof y === 'string') {
      if (Date.parse(x) !== Date.parse(y)) return field;
    } else if (JSON.stringify(x) !== JSON.stringify(y)) return field;
  }
  return undefined;
}

function rank(field: string): number {
  return field === 'type' ? 0 : field === 'at' ? 1 : 2;
}

/** The reply's reason for a conflict, naming when the first record was received; never its values. */
export function conflictMessage(field: string, firstReceivedAt?: string): string {
  const when = firstReceivedAt ? ` (received ${firstReceivedAt})` : ' (earlier in this batch)';
  return `conflict: this customer's event with this eventId${when} has another ${field}; an eventId cannot be reused for different content`;
}
