import type { FieldIssue } from '../validation/field-issues.ts';
import type { IngestBounds } from './ingest-bounds.ts';

/**
 * The chain's stores, as the staff directory names them (every store someone is staffed for).
 * Null when no directory is loaded yet: then no store can be called unknown, and none is.
 */
export type KnownStores = ReadonlySet<string> | null;

/** A record is taken and answered with a flag, or refused with the reason. */
export type Screening = { verdict: 'refuse'; issue: FieldIssue } | { verdict: 'flag'; issue: FieldIssue } | undefined;

/** A store no one in the staff directory works for: a typo, a store not yet staffed, or worse. */
export function screenStore(storeId: string, stores: KnownStores, bounds: IngestBounds, field = 'storeId'): Screening {
  if (stores === null || stores.has(storeId)) return undefined;
  return {
    verdict: bounds.unknownStore,
    issue: { field, message: 'unknown store: not in the staff directory (load the staff file with the store first)' },
  };
}

/**
 * An event measured against the customer's profile as stored: a customer the member system never
 * sent, or an event at another store than the customer's.
 */
export function screenAgainstProfile(
  profile: { storeId: string } | undefined,
  storeId: string,
  bounds: IngestBounds,
): Screening {
  if (profile === undefined) {
    return {
      verdict: bounds.unprofiledCustomer,
      issue: {
        field: 'customerId',
        message:
          bounds.unprofiledCustomer === 'refuse'
            ? 'no profile for this customer: send it to POST /v1/customers first, then this record again'
            : 'no profile for this customer yet: taken as a regular customer of this store until the member system sends one',
      },
    };
  }
  if (profile.storeId === storeId || bounds.storeMismatch === 'accept') return undefined;
  return {
    verdict: bounds.storeMismatch,
    issue: {
      field: 'storeId',
      message:
        bounds.storeMismatch === 'refuse'
          ? `not the customer's store (${profile.storeId})`
          : `not the customer's store (${profile.storeId}): taken, the customer file keeps its store`,
    },
  };
}
