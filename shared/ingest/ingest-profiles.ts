import pMap from 'p-map';
import type { CustomerProfile } from '../customer/customer-file-schema.ts';
import { checkProfileBatch } from './customer-batch.ts';
import type { FlaggedRecord, RejectedRecord } from './event-batch.ts';
import { INGEST_BOUNDS } from './ingest-bounds.ts';
import type { IngestSettings, RejectSink } from './ingest-events.ts';
import { UnwritableCustomerError } from './unwritable-customer-error.ts';

export interface ProfileSink {
  upsert(profile: CustomerProfile): Promise<void>;
}

export interface ProfileReply {
  status: 200 | 400 | 503;
  /** Customers whose file could not take the profile (unreadable, too large): for the log, they need repair. */
  unwritableCustomers?: number;
  body: {
    batchId: string;
    accepted?: number;
    rejected?: Array<Omit<RejectedRecord, 'record'>>;
    flagged?: Array<Omit<FlaggedRecord, 'eventId'>>;
    failed?: Array<{ index: number; customerId: string; reason: string }>;
    message?: string;
  };
}

/** Ingestion of a batch of customer profiles: checked record by record, written customer by customer. */
export async function ingestProfiles(
  body: unknown,
  batchId: string,
  sinks: { profiles: ProfileSink; rejects: RejectSink },
  settings: IngestSettings = {},
): Promise<ProfileReply> {
  const checked = checkProfileBatch(body, {
    now: (settings.now ?? Date.now)(),
    bounds: settings.bounds ?? INGEST_BOUNDS,
    stores: settings.stores ?? null,
  });
  if (!checked.ok) return { status: 400, body: { batchId, message: checked.message } };
  const rejected = [...checked.rejected];
  const failed: NonNullable<ProfileReply['body']['failed']> = [];
  let accepted = 0;
  let unwritableCustomers = 0;
  await pMap(
    checked.profiles,
    async ({ index, profile }) => {
      try {
        await sinks.profiles.upsert(profile);
        accepted += 1;
      } catch (error) {
        if (error instanceof UnwritableCustomerError) {
          unwritableCustomers += 1;
          rejected.push({ index, field: error.field, message: error.message, record: { index } });
        } else
          failed.push({
            index,
            customerId: profile.customerId,
            reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          });
      }
    },
    { concurrency: 8 },
  );
  const byIndex = (a: { index: number }, b: { index: number }) => a.index - b.index;
  rejected.sort(byIndex);
  if (rejected.length > 0) await sinks.rejects.keep(batchId, rejected);
  return {
    status: failed.length > 0 ? 503 : 200,
    unwritableCustomers,
    body: {
      batchId,
      accepted,
      rejected: rejected.map(({ record: _record, ...issue }) => issue),
      flagged: checked.flagged,
      failed: failed.sort(byIndex),
    },
  };
}
