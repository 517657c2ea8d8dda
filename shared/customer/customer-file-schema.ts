import { z } from 'zod';
import { entityId } from '../validation/entity-id.ts';
import { customerEvent } from './event-schema.ts';
import { isoInstant } from './iso-instant.ts';
import { boundedText, TEXT_LIMITS } from './text-limits.ts';

export const segment = z.enum(['member', 'regular']);
export type Segment = z.infer<typeof segment>;

/** Contact data is personal information (SPEC section 8): carried, never printed in clear. */
export const contactData = z.object({
  name: boundedText(TEXT_LIMITS.name).optional(),
  phone: boundedText(TEXT_LIMITS.phone).optional(),
  wechat: boundedText(TEXT_LIMITS.wechat).optional(),
  email: boundedText(TEXT_LIMITS.email).optional(),
});

export const customerProfile = z.object({
  // Ids are joined into keys with '#': one rule for them all (shared/validation/entity-id.ts).
  customerId: entityId,
  storeId: entityId,
  segment,
  core: z.boolean().default(false),
  membership: z
    .object({
      expiresAt: isoInstant.optional(),
      storedValueBalance: z.number().nonnegative('must not be negative').optional(),
    })
    .optional(),
  contact: contactData.optional(),
  tags: z.array(boundedText(TEXT_LIMITS.tag)).max(TEXT_LIMITS.tags, `at most ${TEXT_LIMITS.tags} tags`).optional(),
});

/** One line of a JSONL export: the profile and the customer's event history. */
export const customerFile = customerProfile.extend({
  events: z.array(customerEvent).default([]),
});

export type CustomerProfile = z.infer<typeof customerProfile>;
export type CustomerFile = z.infer<typeof customerFile>;
