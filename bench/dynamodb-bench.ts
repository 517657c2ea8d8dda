/**
 * The data path on AWS's DynamoDB Local (the same server the tests use), with 100,000 customers:
 *   - ingest: events per second through the ingestion service (validation, dedupe, one
 *     transaction per customer with its state);
 *   - scan: a bare parallel scan of the Customers table against the same scan that also reads
 *     each state and assesses the customer (target ratio <= 1.2);
 *   - read units per customer that the scan consumed (target <= 0.5);
 *   - the size of the customer items (median, p99, max) on the two sample chains, and of a daily
 *     visitor's over three years: what every scan reads, and how far from DynamoDB's 400 KB.
 * DynamoDB Local is one Java process on this machine: its absolute speed says little about
 * DynamoDB's; the ratio and the read units carry over.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { rhythmChain } from '#cli/sample/rhythm-chain.ts';
import { sampleChain } from '#cli/sample/sample-chain.ts';
import type { CustomerItem } from '#shared/adapters/customer-item.ts';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { CustomerProfileWriter } from '#shared/adapters/dynamodb/customer-profile-writer.ts';
import { customerOf } from '#shared/adapters/dynamodb/customer-scan.ts';
import { documentClient } from '#shared/adapters/dynamodb/document-client.ts';
import { itemBytes, MAX_CUSTOMER_ITEM_BYTES } from '#shared/adapters/dynamodb/item-size.ts';
import { encodeState } from '#shared/adapters/state-encoding.ts';
import type { CustomerFile } from '#shared/customer/customer-file-schema.ts';
import { ingestEvents } from '#shared/ingest/ingest-events.ts';
import { ingestProfiles } from '#shared/ingest/ingest-profiles.ts';
import { seededRandom } from '#shared/model/seeded-random.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { PolicyScorer } from '#shared/scoring/policy-scorer.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';
import { createTables, localTableNames } from '../infra/local/create-tables.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const INGEST_CUSTOMERS = Math.min(CUSTOMERS, Number(process.env.BENCH_INGEST_CUSTOMERS ?? 1_000));
const SEGMENTS = 4;
const AS_OF = Date.parse('2026-11-23T02:00:00+08:00');
const format = (n: number): string => Math.round(n).toLocaleString('en-US');
const seconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;

/** A customer's item as ingestion writes it, with its state folded from the whole file. */
const itemOf = (file: CustomerFile): CustomerItem => ({
  customerId: file.customerId,
  storeId: file.storeId,
  segment: file.segment,
  core: file.core,
  ...(file.membership ? { membership: file.membership } : {}),
  state: encodeState(foldCustomerFile(file).state),
  version: 1,
  updatedAt: new Date(AS_OF).toISOString(),
});

/** Median, 99th percentile and largest item, in bytes and in the 4 KB units a strongly consistent read costs. */
function sizeLine(label: string, items: Iterable<CustomerItem>): string {
  const sizes = [...items].map((item) => itemBytes(item)).sort((a, b) => a - b);
  const at = (q: number) => sizes[Math.min(sizes.length - 1, Math.floor(q * sizes.length))] as number;
  const units = (bytes: number) => Math.ceil(bytes / 4096);
  const figures =
    sizes.length === 1
      ? `item ${format(at(0))} B (${units(at(0))} read unit${units(at(0)) === 1 ? '' : 's'})`
      : `item median ${format(at(0.5))} B, p99 ${format(at(0.99))} B, max ${format(at(1))} B (${units(at(0.5))}/${units(at(0.99))}/${units(at(1))} read units)`;
  return `state:   ${label}: ${figures}; writes stop at ${format(MAX_CUSTOMER_ITEM_BYTES)} B`;
}

const server = await startDynamoDbLocal();
try {
  const client = new DynamoDBClient({
    endpoint: server.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const doc = documentClient(client);
  const names = localTableNames('bench-');
  await createTables(client, names);

  // Ingest through the real service: every event of the first customers, in batches of 500.
  const files = [...sampleChain({ customers: CUSTOMERS, seed: 7, until: AS_OF })];
  const incoming = files
    .slice(0, INGEST_CUSTOMERS)
    .flatMap((file) => file.events.map((event) => ({ ...event, customerId: file.customerId, storeId: file.storeId })));
  const rejects = { keep: async () => undefined };
  const sinks = { events: new CustomerEventWriter(doc, names, { retentionDays: 1095 }), rejects };
  // Profiles first, as the member system sends them: events for a customer without one are refused.
  const profiles = files.slice(0, INGEST_CUSTOMERS).map(({ events: _events, ...profile }) => profile);
  for (let i = 0; i < profiles.length; i += 500)
    await ingestProfiles({ customers: profiles.slice(i, i + 500) }, `bench-profiles-${i}`, {
      profiles: new CustomerProfileWriter(doc, names),
      rejects,
    });
  let started = process.hrtime.bigint();
  let refused = 0;
  for (let i = 0; i < incoming.length; i += 500)
    refused +=
      (await ingestEvents({ events: incoming.slice(i, i + 500) }, `bench-${i}`, sinks, { now: () => AS_OF })).body
        .rejected?.length ?? 0;
  if (refused > 0) throw new Error(`ingest: ${refused} sample events refused`);
  console.log(
    `ingest:  ${format(incoming.length / seconds(started))} events/s (${format(incoming.length)} events of ${format(INGEST_CUSTOMERS)} customers, batches of 500)`,
  );

  // The rest of the chain is loaded as the items ingestion writes, to have 100,000 to scan.
  const items: CustomerItem[] = files.slice(INGEST_CUSTOMERS).map(itemOf);
  console.log(sizeLine(`stories chain (${format(files.length)} customers)`, files.map(itemOf)));
  console.log(
    sizeLine(
      `rhythms chain (${format(files.length)} customers)`,
      [...rhythmChain({ customers: CUSTOMERS, seed: 7, until: AS_OF })].map(({ file }) => itemOf(file)),
    ),
  );
  // A regular who comes every day for three years, at a different hour, spending a different amount.
  const random = seededRandom(3);
  const days = 3 * 365;
  const daily = {
    customerId: 'C-DAILY',
    storeId: 'STORE-01',
    segment: 'member' as const,
    core: true,
    events: Array.from({ length: days }, (_, day) => ({
      eventId: `d-${day}`,
      type: 'visit' as const,
      at: new Date(AS_OF - (days - day) * 86_400_000 + Math.floor(random() * 12) * 3_600_000).toISOString(),
      amount: 40 + Math.round(random() * 300),
    })),
  };
  console.log(sizeLine('a daily visitor over three years', [itemOf(daily)]));
  for (let i = 0; i < items.length; i += 2_500) {
    await Promise.all(
      Array.from({ length: 4 }, (_, k) => batchPut(doc, names.customers, items.slice(i + k * 625, i + (k + 1) * 625))),
    );
  }

  const { assess } = new PolicyScorer(presetPolicy('script-kill')).at(AS_OF);
  const scanAll = async (work: (items: Array<Record<string, unknown>>) => void) => {
    let readUnits = 0;
    let count = 0;
    await Promise.all(
      Array.from({ length: SEGMENTS }, async (_, segment) => {
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await doc.send(
            new ScanCommand({
              TableName: names.customers,
              Segment: segment,
              TotalSegments: SEGMENTS,
              ReturnConsumedCapacity: 'TOTAL',
              ExclusiveStartKey: startKey,
            }),
          );
          readUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
          count += page.Items?.length ?? 0;
          work(page.Items ?? []);
          startKey = page.LastEvaluatedKey;
        } while (startKey);
      }),
    );
    return { readUnits, count };
  };

  // Best of three each, alternating, so neither run gets all the warm caches.
  let bare = Number.POSITIVE_INFINITY;
  let scored = Number.POSITIVE_INFINITY;
  let measured = { readUnits: 0, count: 0 };
  for (let round = 0; round < 3; round++) {
    started = process.hrtime.bigint();
    await scanAll(() => undefined);
    bare = Math.min(bare, seconds(started));
    started = process.hrtime.bigint();
    measured = await scanAll((page) => {
      for (const item of page) {
        const customer = customerOf(item);
        assess({ profile: customer.profile, state: customer.state });
      }
    });
    scored = Math.min(scored, seconds(started));
  }
  console.log(
    `scan:    ${format(measured.count)} customers in ${SEGMENTS} segments: bare ${bare.toFixed(2)} s, with scoring ${scored.toFixed(2)} s, ratio ${(scored / bare).toFixed(2)}; ` +
      `${(measured.readUnits / measured.count).toFixed(3)} read units per customer (eventually consistent)`,
  );
} finally {
  await server.stop();
}
