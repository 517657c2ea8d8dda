import { customerProfile, type CustomerProfile } from '../customer/customer-file-schema.ts';
import { fieldIssues } from '../validation/field-issues.ts';
import { batchRecords, type RejectedRecord } from './event-batch.ts';

export type ProfileBatchCheck = { ok: false; message: string } | { ok: true; profiles: Array<{ index: number; profile: CustomerProfile }>; rejected: RejectedRecord[] };

/** Checks a batch `{ "customers": [...] }` of profiles from the member system, record by record. */
export function checkProfileBatch(body: unknown): ProfileBatchCheck {
  const batch = batchRecords(body, 'customers', 'customer profiles');
  if (!batch.ok) return batch;
  const { records } = batch;
  const profiles: Array<{ index: number; profile: CustomerProfile }> = [];
  const rejected: RejectedRecord[] = [];
  records.forEach((record: unknown, index) => {
    const parsed = customerProfile.safeParse(record);
    if (parsed.success) profiles.push({ index, profile: parsed.data });
    // The record itself is not kept: a profile carries contact data.
    else for (const issue of fieldIssues(parsed.error)) rejected.push({ index, ...issue, record: { index } });
  });
  return { ok: true, profiles, rejected };
}
