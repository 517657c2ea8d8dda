import { type CustomerProfile, customerProfile } from '../customer/customer-file-schema.ts';
import { fieldIssues } from '../validation/field-issues.ts';
import { type BatchContext, batchRecords, type FlaggedRecord, type RejectedRecord } from './event-batch.ts';
import { profileBoundIssues } from './record-bounds.ts';
import { screenStore } from './store-screening.ts';

export type ProfileBatchCheck =
  | { ok: false; message: string }
  | {
      ok: true;
      profiles: Array<{ index: number; profile: CustomerProfile }>;
      rejected: RejectedRecord[];
      flagged: Array<Omit<FlaggedRecord, 'eventId'>>;
    };

/** Checks a batch `{ "customers": [...] }` of profiles from the member system, record by record. */
export function checkProfileBatch(body: unknown, context: BatchContext): ProfileBatchCheck {
  const batch = batchRecords(body, 'customers', 'customer profiles');
  if (!batch.ok) return batch;
  const { records } = batch;
  const profiles: Array<{ index: number; profile: CustomerProfile }> = [];
  const rejected: RejectedRecord[] = [];
  const flagged: Array<Omit<FlaggedRecord, 'eventId'>> = [];
  for (const [index, record] of records.entries()) {
    // The record itself is not kept: a profile carries contact data.
    const reject = (issues: ReturnType<typeof fieldIssues>) => {
      for (const issue of issues) rejected.push({ index, ...issue, record: { index } });
    };
    const parsed = customerProfile.safeParse(record);
    if (!parsed.success) {
      reject(fieldIssues(parsed.error));
      continue;
    }
    const bounds = profileBoundIssues(parsed.data, context.now, context.bounds);
    if (bounds.length > 0) {
      reject(bounds);
      continue;
    }
    const store = screenStore(parsed.data.storeId, context.stores, context.bounds);
    if (store?.verdict === 'refuse') {
      reject([store.issue]);
      continue;
    }
    if (store?.verdict === 'flag') flagged.push({ index, ...store.issue });
    profiles.push({ index, profile: parsed.data });
  }
  return { ok: true, profiles, rejected, flagged };
}
