import { z } from 'zod';
import { isoInstant } from './iso-instant.ts';

/** The event vocabulary of SPEC section 1: one schema per source record, discriminated by `type`. */
const base = {
  eventId: z.string().trim().min(1, 'must not be empty').max(256),
  at: isoInstant,
};
const yuan = z.number().finite().nonnegative('must not be negative');

export const visitEvent = z.object({
  ...base,
  type: z.literal('visit'),
  amount: yuan,
  scriptId: z.string().min(1).optional(),
  partySize: z.number().int().positive().optional(),
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
  scriptId: z.string().min(1).optional(),
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
  reason: z.string().optional(),
});

export const resolutionEvent = z.object({
  ...base,
  type: z.literal('resolution'),
  ref: z.string().min(1),
  note: z.string().optional(),
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
