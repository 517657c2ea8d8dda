import { z } from 'zod';
import { isoInstant } from './iso-instant.ts';
import { boundedText, eventIdText, senderId, TEXT_LIMITS } from './text-limits.ts';

/**
 * The event vocabulary of SPEC section 1: one schema per source record, discriminated by `type`.
 * Every text is bounded (text-limits.ts); the largest amount and the range of instants depend on
 * the chain and the clock, and are checked at ingestion (shared/ingest/record-bounds.ts).
 */
const base = {
  /** The sender's own id: unique per customer (tills and booking systems number their own records). */
  eventId: eventIdText,
  at: isoInstant,
};
// zod's number() refuses NaN and Infinity itself; the largest amount is the chain's (ingest-bounds.ts).
const yuan = z.number().nonnegative('must not be negative');

export const visitEvent = z.object({
  ...base,
  type: z.literal('visit'),
  amount: yuan,
  scriptId: senderId(TEXT_LIMITS.scriptId).optional(),
  partySize: z.number().int().positive().max(1_000).optional(),
});

export const membershipEvent = z.object({
  ...base,
  type: z.literal('membership'),
  action: z.enum(['join', 'renew', 'expire']),
  expiresAt: isoInstant.optional(),
});

export const storedValueEvent = z.object({
  ...base,
  type: z.literal('stored_value'),
  action: z.enum(['topup', 'spend']),
  amount: yuan,
  balanceAfter: yuan,
});

export const complaintEvent = z.object({
  ...base,
  type: z.literal('complaint'),
  severity: z.enum(['minor', 'serious']),
  category: z.enum(['script', 'dm', 'environment', 'service', 'other']),
  resolved: z.boolean().default(false),
  respondedAt: isoInstant.optional(),
});

export const reviewEvent = z.object({
  ...base,
  type: z.literal('review'),
  platform: z.enum(['meituan', 'dianping', 'xiaohongshu', 'douyin', 'wechat', 'other']),
  sentiment: z.enum(['positive', 'neutral', 'negative']),
  resolved: z.boolean().default(false),
});

export const invitationEvent = z.object({
  ...base,
  type: z.literal('invitation'),
  kind: z.enum(['event', 'new_script', 'callback']),
  response: z.enum(['accepted', 'declined', 'ignored', 'perfunctory']),
});

export const ratingEvent = z.object({
  ...base,
  type: z.literal('rating'),
  target: z.enum(['script', 'dm', 'environment']),
  score: z.number().int().min(1).max(5),
  scriptId: senderId(TEXT_LIMITS.scriptId).optional(),
});

export const interactionEvent = z.object({
  ...base,
  type: z.literal('interaction'),
  channel: z.enum(['consult', 'share', 'message']),
});

export const surveyEvent = z.object({
  ...base,
  type: z.literal('survey'),
  score: z.number().min(0).max(100),
});

export const appointmentEvent = z.object({
  ...base,
  type: z.literal('appointment'),
  status: z.enum(['attended', 'no_show', 'cancelled']),
});

export const contactRefusedEvent = z.object({
  ...base,
  type: z.literal('contact_refused'),
  reason: boundedText(TEXT_LIMITS.reason).optional(),
});

export const resolutionEvent = z.object({
  ...base,
  type: z.literal('resolution'),
  /** The eventId of the same customer's complaint or review. */
  ref: eventIdText,
  note: boundedText(TEXT_LIMITS.note).optional(),
});

export const customerEvent = z.discriminatedUnion('type', [
  visitEvent,
  membershipEvent,
  storedValueEvent,
  complaintEvent,
  reviewEvent,
  invitationEvent,
  ratingEvent,
  interactionEvent,
  surveyEvent,
  appointmentEvent,
  contactRefusedEvent,
  resolutionEvent,
]);

export type CustomerEvent = z.infer<typeof customerEvent>;
