/**
 * A customer the scan left out because their item could not be read, scored or written: the id,
 * what went wrong (the field, and a reason naming the error's kind) and never a value from the
 * item, which may be personal.
 */
export interface QuarantinedCustomer {
  customerId: string;
  storeId?: string;
  stage: 'read' | 'score' | 'write';
  field: string;
  reason: string;
}

/** Where quarantined customers are recorded, for ops to repair (shared/adapters/dynamodb/scan-quarantine.ts). */
export interface QuarantineSink {
  keep(runId: string, customers: readonly QuarantinedCustomer[]): Promise<void>;
}
