import type { IngestReply } from '#shared/ingest/ingest-events.ts';
import type { ProfileReply } from '#shared/ingest/ingest-profiles.ts';
import { logger } from './logger.ts';

/** What an ingestion batch did, for the log: counts only, since records may carry personal data. */
export function logIngestReply(what: 'events' | 'profiles', batchId: string, reply: IngestReply | ProfileReply): void {
  const { body } = reply;
  logger.info(`${what} ingested`, {
    batchId,
    status: reply.status,
    accepted: body.accepted,
    ...('duplicates' in body ? { duplicates: body.duplicates?.length } : {}),
    rejected: body.rejected?.length,
    flagged: body.flagged?.length,
    failed: body.failed?.length,
  });
  // A customer file that takes no write needs a person: its records are refused, not retried.
  if (reply.unwritableCustomers)
    logger.error('customer files that cannot be written: their records were refused', {
      batchId,
      customers: reply.unwritableCustomers,
    });
}
