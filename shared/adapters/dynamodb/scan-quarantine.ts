import { createHash } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { QuarantinedCustomer, QuarantineSink } from '../../scan/quarantined-customer.ts';
import type { TableNames } from '../table-specs.ts';
import { RejectStore } from './reject-store.ts';

/** The rejects "batch" of a scan run's quarantined customers: ops look a run up by it. */
export const quarantineBatchId = (runId: string): string => `scan:${runId}`;

/**
 * A customer's place in the run's batch, the same on every delivery of the run (a retried segment
 * rewrites its entries instead of adding more): 48 bits of a hash of the id.
 */
const recordIndex = (customerId: string): number =>
  Number.parseInt(createHash('sha256').update(customerId).digest('hex').slice(0, 12), 16);

/**
 * Quarantined customers are kept in the Rejected records table, beside the records ingestion
 * refused, rather than in a table of their own: it is already what ops repair bad records from
 * (field, reason, the record, 90 days), encrypted under the data key, and erasure finds a
 * customer's entries there by their id. An entry keeps the customer's id and store and what went
 * wrong, never the item itself: the item stays where it is, for ops to repair or erase.
 */
export class ScanQuarantine implements QuarantineSink {
  readonly #rejects: RejectStore;

  constructor(doc: DynamoDBDocumentClient, tables: TableNames) {
    this.#rejects = new RejectStore(doc, tables);
  }

  async keep(runId: string, customers: readonly QuarantinedCustomer[]): Promise<void> {
    await this.#rejects.keep(
      quarantineBatchId(runId),
      customers.map(({ customerId, storeId, stage, field, reason }) => ({
        index: recordIndex(customerId),
        field,
        message: `${stage}: ${reason}`,
        record: { customerId, ...(storeId ? { storeId } : {}), quarantinedBy: runId },
      })),
    );
  }
}
