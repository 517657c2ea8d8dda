import { z } from 'zod';
import { isoInstant } from '../customer/iso-instant.ts';

/**
 * What ingestion accepts beyond the shape of a record: the largest amount, how far ahead of now an
 * instant may be, how far back, and what to do with records the chain's own data does not vouch
 * for (an unknown store, a store other than the customer's, a customer with no profile).
 *
 * Policy data in spirit (the SPEC's policies are silent on it); kept here, validated like a policy,
 * until the policy schema carries an `ingestion` section. The lengths of text and id fields are
 * part of the record schemas (shared/customer/text-limits.ts): they never change per chain.
 */
export const ingestBoundsSchema = z
  .object({
    /** The largest amount in yuan (a visit, a top-up, a spend, a balance): 1e300 is a typo or an attack. */
    maxAmountYuan: z.number().positive().max(1e9).default(1_000_000),
    /** How far ahead of the receiving clock an event may be dated (clock skew between tills and servers). */
    futureSkewMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(24 * 60),
    /** Nothing before this instant: a year 0001 or 1970 default date is a sender's bug. */
    earliestAt: isoInstant.default('2000-01-01T00:00:00+08:00'),
    /** A membership may be paid years ahead, not centuries. */
    membershipYearsAhead: z.number().int().min(1).max(100).default(20),
    /** An event or profile naming a store the staff directory does not know. */
    unknownStore: z.enum(['refuse', 'flag']).default('refuse'),
    /** An event at another store than the customer's (a member visiting another branch is real). */
    storeMismatch: z.enum(['refuse', 'flag', 'accept']).default('flag'),
    /** An event for a customer the member system never sent: refused, or taken with an assumed regular profile and flagged. */
    unprofiledCustomer: z.enum(['refuse', 'flag']).default('refuse'),
  })
  .strict();

export type IngestBounds = z.infer<typeof ingestBoundsSchema>;

/** The defaults, checked once at load like any policy document. */
export const INGEST_BOUNDS: IngestBounds = ingestBoundsSchema.parse({});
