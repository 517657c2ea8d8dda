import { z } from 'zod';
import { customerEvent } from './event-schema.ts';
import { isoInstant } from './iso-instant.ts';

export const segment = z.enum(['member', 'regular']);
export type Segment = z.infer<typeof segment>;

/** Contact data is personal information (SPEC section 8): carried, never printed in clear. */
export const contactData = z.object({
  name: z.string().optional(),
  phone: z.string().optional(),
  wechat: z.string().optional(),
  email: z.string().optional(),
});

export const customerProfile = z.object({
  customerId: z.string().trim().min(1, 'must not be empty').max(256),
  storeId: z.string().trim().min(1, 'must not be empty').max(256),
  segment,
  core: z.boolean().default(false),
  membership: z
    .object({
      expiresAt: isoInstant.optional(),
      storedValueBalance: z.number().finite().nonnegative('must not be negative').optional(),
    })
    .optional(),
  contact: contactData.optional(),
  tags: z.array(z.string()).optional(),
});

/** One line of a JSONL export: the profile and the customer's event history. */
export const customerFile = customerProfile.extend({
  events: z.array(customerEvent).default([]),
});

export type CustomerProfile = z.infer<typeof customerProfile>;
export type CustomerFile = z.infer<typeof customerFile>;
