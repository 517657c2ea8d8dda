/**
 * The tables, as plain data: the one definition that the CDK stack deploys, the local runtime and
 * the tests create on DynamoDB Local, and the handlers find through environment variables.
 */
export type KeyType = 'S' | 'N';

export interface KeySpec {
  name: string;
  type: KeyType;
}

export interface IndexSpec {
  name: string;
  partitionKey: KeySpec;
  sortKey?: KeySpec;
}

export interface TableSpec {
  /** The CDK construct id, also the base of the local table name. */
  id: string;
  /** The environment variable that tells a handler the table's name. */
  envVar: string;
  partitionKey: KeySpec;
  sortKey?: KeySpec;
  /** Epoch seconds after which DynamoDB deletes the item. */
  ttlAttribute?: string;
  indexes?: IndexSpec[];
  purpose: string;
}

export const TABLES = {
  customers: {
    id: 'Customers',
    envVar: 'CUSTOMERS_TABLE',
    partitionKey: { name: 'customerId', type: 'S' },
    purpose:
      'one item per customer: profile, the aggregated state (JSON), its version, and the open alert; what a scan reads',
  },
  contacts: {
    id: 'CustomerContacts',
    envVar: 'CONTACTS_TABLE',
    partitionKey: { name: 'customerId', type: 'S' },
    purpose: 'contact data (personal information), apart so that scans and scorers never read it',
  },
  events: {
    // Keyed by customer and the sender's eventId: two customers' "1001" are two events. It replaced
    // the table `Events`, keyed by eventId alone (docs/deploy.md, "Moving a deployed chain's events").
    id: 'CustomerEvents',
    envVar: 'EVENTS_TABLE',
    partitionKey: { name: 'customerId', type: 'S' },
    sortKey: { name: 'eventId', type: 'S' },
    ttlAttribute: 'expiresAtEpoch',
    indexes: [
      { name: 'byCustomer', partitionKey: { name: 'customerId', type: 'S' }, sortKey: { name: 'atUtc', type: 'S' } },
    ],
    purpose:
      'every accepted event, once per customer and eventId: for verify, audit and evaluation; expires after the retention period',
  },
  alerts: {
    id: 'Alerts',
    envVar: 'ALERTS_TABLE',
    partitionKey: { name: 'customerId', type: 'S' },
    sortKey: { name: 'alertId', type: 'S' },
    indexes: [
      { name: 'byStore', partitionKey: { name: 'storeId', type: 'S' }, sortKey: { name: 'identifiedAt', type: 'S' } },
    ],
    purpose:
      'alerts with level, indicators and evidence, policy version, owner and deadlines; by store for the risk lists',
  },
  rejects: {
    id: 'RejectedRecords',
    envVar: 'REJECTS_TABLE',
    partitionKey: { name: 'batchId', type: 'S' },
    sortKey: { name: 'recordIndex', type: 'N' },
    ttlAttribute: 'expiresAtEpoch',
    purpose: 'records refused at ingestion, with the field and the reason, kept 90 days for repair',
  },
  audit: {
    id: 'CaseAudit',
    envVar: 'AUDIT_TABLE',
    partitionKey: { name: 'caseKey', type: 'S' },
    sortKey: { name: 'entryKey', type: 'S' },
    purpose: 'every step of every case (who, what, when, from which link): written once, never updated (Art. 21-26)',
  },
  links: {
    id: 'StepLinks',
    envVar: 'LINKS_TABLE',
    partitionKey: { name: 'linkId', type: 'S' },
    ttlAttribute: 'expiresAtEpoch',
    indexes: [
      { name: 'byCustomer', partitionKey: { name: 'customerId', type: 'S' }, sortKey: { name: 'linkId', type: 'S' } },
    ],
    purpose:
      'what each emailed link stands for (case, step, round, person, decide or view): the URL carries only the opaque id',
  },
  ledger: {
    id: 'BenefitLedger',
    envVar: 'LEDGER_TABLE',
    partitionKey: { name: 'code', type: 'S' },
    indexes: [
      { name: 'byCase', partitionKey: { name: 'caseKey', type: 'S' }, sortKey: { name: 'issuedAt', type: 'S' } },
    ],
    purpose:
      'every benefit issued, once, with its unique code, cost and the approvals it had (Art. 16 (3), for finance)',
  },
  staff: {
    id: 'Staff',
    envVar: 'STAFF_TABLE',
    partitionKey: { name: 'id', type: 'S' },
    purpose:
      'the staff directory, one item per person (role, stores, email, supervisor, deputy): read when a case step starts',
  },
  snapshots: {
    id: 'Snapshots',
    envVar: 'SNAPSHOTS_TABLE',
    partitionKey: { name: 'snapshotId', type: 'S' },
    sortKey: { name: 'entryKey', type: 'S' },
    purpose: 'what the monthly screening and the weekly store summary saw (Art. 11): the data of the risk lists',
  },
  models: {
    id: 'Models',
    envVar: 'MODELS_TABLE',
    partitionKey: { name: 'modelSet', type: 'S' },
    sortKey: { name: 'storeId', type: 'S' },
    purpose:
      'the BG/NBD models per store: "current" (what scans use) and each monthly fit kept with its data window and log-likelihood',
  },
} as const satisfies Record<string, TableSpec>;

export type TableKey = keyof typeof TABLES;
export type TableNames = Record<TableKey, string>;

/** The table names a handler was deployed with; a missing variable is a deployment error, named. */
export function tableNamesFromEnv(env: NodeJS.ProcessEnv = process.env): TableNames {
  const names = {} as TableNames;
  for (const [key, spec] of Object.entries(TABLES) as Array<[TableKey, TableSpec]>) {
    const name = env[spec.envVar];
    if (!name) throw new Error(`environment variable ${spec.envVar} (the ${spec.id} table's name) is not set`);
    names[key] = name;
  }
  return names;
}

/** The environment a handler needs to find every table. */
export function tableEnvironment(names: TableNames): Record<string, string> {
  return Object.fromEntries(
    (Object.entries(TABLES) as Array<[TableKey, TableSpec]>).map(([key, spec]) => [spec.envVar, names[key]]),
  );
}
