import { z } from 'zod';

/**
 * How long each text a record carries may be. Every one of them ends up in the customer's item,
 * the event's item, a reply or a log line: unbounded, a single 200 KB reference pushed a customer
 * past DynamoDB's 400 KB item and stopped every scan. The limits are generous for what the fields
 * are (a till's receipt number, a script's code, a sentence of notes).
 */
export const TEXT_LIMITS = {
  /** A sender's own id of an event (receipt, booking, ticket number), and a resolution's `ref` to one. */
  eventId: 64,
  /** A script's code or name. */
  scriptId: 64,
  /** Why a customer refused contact. */
  reason: 500,
  /** A resolution's note. */
  note: 1_000,
  /** A preference tag, and how many a profile may carry. */
  tag: 32,
  tags: 50,
  name: 100,
  phone: 32,
  wechat: 64,
  email: 254,
} as const;

// Control characters corrupt logs and CSVs; lone surrogates cannot be stored as UTF-8 and would
// come back as another string than the one sent.
const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /\p{Cs}/u;

/** Free text up to `max` characters, without control characters, as valid Unicode. */
export function boundedText(max: number) {
  return z
    .string()
    .max(max, { message: `too long: at most ${max} characters`, abort: true })
    .refine((text) => !LONE_SURROGATE.test(text), { message: 'not valid Unicode (a lone surrogate)', abort: true })
    .refine((text) => !CONTROL.test(text), 'must not contain control characters');
}

/** An id a sender gives: trimmed, 1 to `max` characters, no control characters. */
export function senderId(max: number) {
  return z
    .string()
    .trim()
    .min(1, { message: 'must not be empty', abort: true })
    .max(max, { message: `too long: at most ${max} characters`, abort: true })
    .refine((text) => !LONE_SURROGATE.test(text), { message: 'not valid Unicode (a lone surrogate)', abort: true })
    .refine((text) => !CONTROL.test(text), 'must not contain control characters');
}

export const eventIdText = senderId(TEXT_LIMITS.eventId);
