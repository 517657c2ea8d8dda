import pMap from 'p-map';
import type { CustomerProfile } from '../customer/customer-file-schema.ts';
import { checkProfileBatch } from './customer-batch.ts';
import type { RejectedRecord } from './event-batch.ts';
import type { RejectSink } from './ingest-events.ts';

export interface ProfileSink {
  upsert(profile: CustomerProfile): Promise<void>;
}

export interface ProfileReply {
  status: 200 | 400 | 503;
  body: {
    batchId: string;
    accepted?: number;
    rejected?: Array<Omit<RejectedRecord, 'record'>>;
    failed?: Array<{ index: number; customerId: string; reason: string }>;
    message?: string;
  };
}

/** Ingestion of a batch of customer profiles: checked record by record, written customer by customer. */
export async function ingestProfiles(body: unknown, batchId: string, sinks: { profiles: ProfileSink; rejects: RejectSink }): Promise<ProfileReply> {
  const checked = checkProfileBatch(body);
  if (!checked.ok) return { status: 400, body: { batchId, message: checked.message } };
  if (checked.rejected.length > 0) await sinks.rejects.keep(batchId, checked.rejected);
  const failed: NonNullable<ProfileReply['body']['failed']> = [];
  await pMap(
    checked.profiles,
    async ({ index, profile }) => {
      try {
        await sinks.profiles.upsert(profile);
      } catch (error) {
        failed.push({ index, customerId: profile.customerId, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      }
    },
    { concurrency: 8 },
  );
  failed.sort((a, b) => a.index - b.index);
  return {
    status: failed.length > 0 ? 503 : 200,
    body: {
      batchId,
      accepted: checked.profiles.length - failed.length,
      rejected: checked.rejected.map(({ record: _record, ...issue }) => issue),
      failed,
    },
  };
}
