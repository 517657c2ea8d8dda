/**
 * The data path on AWS's DynamoDB Local (the same server the tests use), with 100,000 customers:
 *   - ingest: events per second through the ingestion service (validation, dedupe, one
 *     transaction per customer with its state);
 *   - scan: a bare parallel scan of the Customers table against the same scan that also reads
 *     each state and assesses the customer (target ratio <= 1.2);
 *   - read units per customer that the scan consumed (target <= 0.5).
 * DynamoDB Local is one Java process on this machine: its absolute speed says little about
 * DynamoDB's; the ratio and the read units carry over.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createTables, localTableNames } from '../infra/local/create-tables.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { ingestEvents } from '#shared/ingest/ingest-events.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { PolicyScorer } from '#shared/scoring/policy-scorer.ts';
import { sampleChain } from '#shared/sample/sample-chain.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';
import { customerFromItem, type CustomerItem } from '#shared/store/customer-item.ts';
import { batchPut } from '#shared/store/dynamodb/batch-put.ts';
import { CustomerEventWriter } from '#shared/store/dynamodb/customer-event-writer.ts';
import { documentClient } from '#shared/store/dynamodb/document-client.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const INGEST_CUSTOMERS = Math.min(CUSTOMERS, Number(process.env.BENCH_INGEST_CUSTOMERS ?? 1_000));
const SEGMENTS = 4;
const AS_OF = Date.parse('2026-11-23T02:00:00+08:00');
const format = (n: number): string => Math.round(n).toLocaleString('en-US');
const seconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;

const server = await startDynamoDbLocal();
try {
  const client = new DynamoDBClient({ endpoint: server.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const doc = documentClient(client);
  const names = localTableNames('bench-');
  await createTables(client, names);

  // Ingest through the real service: every event of the first customers, in batches of 500.
  const files = [...sampleChain({ customers: CUSTOMERS, seed: 7, until: AS_OF })];
  const incoming = files
    .slice(0, INGEST_CUSTOMERS)
    .flatMap((file) => file.events.map((event) => ({ ...event, customerId: file.customerId, storeId: file.storeId })));
  const sinks = { events: new CustomerEventWriter(doc, names, { retentionDays: 1095 }), rejects: { keep: async () => undefined } };
  let started = process.hrtime.bigint();
  for (let i = 0; i < incoming.length; i += 500) await ingestEvents({ events: incoming.slice(i, i + 500) }, `bench-${i}`, sinks);
  console.log(`ingest:  ${format(incoming.length / seconds(started))} events/s (${format(incoming.length)} events of ${format(INGEST_CUSTOMERS)} customers, batches of 500)`);

  // The rest of the chain is loaded as the items ingestion writes, to have 100,000 to scan.
  const items: CustomerItem[] = files.slice(INGEST_CUSTOMERS).map((file) => ({
    customerId: file.customerId,
    storeId: file.storeId,
    segment: file.segment,
    core: file.core,
    ...(file.membership ? { membership: file.membership } : {}),
    state: JSON.stringify(foldCustomerFile(file).state),
    version: 1,
    updatedAt: new Date(AS_OF).toISOString(),
  }));
  for (let i = 0; i < items.length; i += 2_500) {
    await Promise.all(Array.from({ length: 4 }, (_, k) => batchPut(doc, names.customers, items.slice(i + k * 625, i + (k + 1) * 625) as never)));
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
            new ScanCommand({ TableName: names.customers, Segment: segment, TotalSegments: SEGMENTS, ReturnConsumedCapacity: 'TOTAL', ExclusiveStartKey: startKey }),
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
        const customer = customerFromItem(item as unknown as CustomerItem);
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
