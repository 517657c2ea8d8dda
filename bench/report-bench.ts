/**
 * The reports on AWS's DynamoDB Local: how long the monthly evaluation (with the results of the
 * cohort whose three months have passed), the KPIs and the quarterly report take to build from the
 * recorded alerts, events and ledger of a chain of 100,000 customers with a month of cases.
 * DynamoDB Local is one Java process on this machine: read it as an order of magnitude.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sampleStaff } from '#cli/sample/sample-staff.ts';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { documentClient } from '#shared/adapters/dynamodb/document-client.ts';
import { DynamoDbReportSource } from '#shared/adapters/dynamodb/dynamodb-report-source.ts';
import { seededRandom } from '#shared/model/seeded-random.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { buildReport } from '#shared/reports/build-report.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { createTables, localTableNames } from '../infra/local/create-tables.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';

const CASES_IN_MONTH = Number(process.env.BENCH_REPORT_CASES ?? 5_000);
const COHORT_CASES = Number(process.env.BENCH_REPORT_COHORT ?? 2_000);
const EVENTS_PER_CUSTOMER = 8;
const STORES = ['STORE-01', 'STORE-02', 'STORE-03'];
const seconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;

const server = await startDynamoDbLocal();
try {
  const client = new DynamoDBClient({
    endpoint: server.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const doc = documentClient(client);
  const names = localTableNames('report-bench-');
  await createTables(client, names);
  const random = seededRandom(3);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error('nothing to pick from');
    return item;
  };
  const status = () =>
    pick(['recovered', 'recovered', 'recovered', 'lost', 'refused', 'in_progress', 'self_recovered']);
  await batchPut(doc, names.staff, sampleStaff(STORES, ['customer_service', 'operations', 'operations_head']).people);

  // November's cases, and August's closed ones with their customers' visits, surveys and benefits.
  const november = Array.from({ length: CASES_IN_MONTH }, (_, i) => ({
    customerId: `N${i}`,
    alertId: 'daily-2026-11',
    storeId: pick(STORES),
    level: pick([1, 1, 1, 2, 2, 3]),
    identifiedAt: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T02:00:00+08:00`,
    status: status(),
    indicators: [],
    levelHistory: [],
  }));
  const august = Array.from({ length: COHORT_CASES }, (_, i) => ({
    customerId: `A${i}`,
    alertId: 'daily-2026-07',
    storeId: pick(STORES),
    level: pick([1, 1, 2, 3]),
    identifiedAt: `2026-07-${String(1 + (i % 28)).padStart(2, '0')}T02:00:00+08:00`,
    closedAt: `2026-08-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00+08:00`,
    status: pick(['recovered', 'recovered', 'lost', 'refused']),
    outcomeReason: pick(['moved', 'price', 'no time']),
    indicators: [],
    levelHistory: [],
  }));
  let started = process.hrtime.bigint();
  await batchPut(doc, names.alerts, [...november, ...august]);
  const events = august.flatMap((c) =>
    Array.from({ length: EVENTS_PER_CUSTOMER }, (_, j) => {
      const at = new Date(Date.parse(c.identifiedAt) + (j - 3) * 20 * 86_400_000).toISOString();
      const survey = j % 4 === 0;
      const event = survey
        ? { eventId: `${c.customerId}-${j}`, type: 'survey', at, score: 40 + Math.round(random() * 60) }
        : { eventId: `${c.customerId}-${j}`, type: 'visit', at, amount: 80 + Math.round(random() * 200) };
      return {
        eventId: event.eventId,
        customerId: c.customerId,
        storeId: c.storeId,
        type: event.type,
        atUtc: at,
        event: JSON.stringify(event),
      };
    }),
  );
  await batchPut(doc, names.events, events);
  await batchPut(
    doc,
    names.ledger,
    august.map((c) => ({
      code: `WB-${c.customerId}`,
      caseKey: `${c.customerId}#${c.alertId}`,
      customerId: c.customerId,
      alertId: c.alertId,
      storeId: c.storeId,
      benefitId: 'coupon',
      benefitName: 'coupon',
      costYuan: 30,
      approvedBy: [],
      issuedAt: c.identifiedAt,
    })),
  );
  console.log(
    `reports: loaded ${CASES_IN_MONTH + COHORT_CASES} cases, ${events.length} events and ${COHORT_CASES} benefits in ${seconds(started).toFixed(1)} s`,
  );

  const policy = presetPolicy('script-kill');
  const clock = new ZonedClock(policy.timeZone);
  const context = { source: new DynamoDbReportSource(doc, names, clock), policy, clock };
  for (const [kind, period] of [
    ['evaluation', '2026-11'],
    ['kpis', '2026-11'],
    ['churn-reasons', '2026-11'],
    ['quarterly', '2026-Q4'],
  ] as const) {
    started = process.hrtime.bigint();
    const report = await buildReport(kind, period, context);
    console.log(
      `reports: ${kind} ${period} built in ${seconds(started).toFixed(2)} s (${report.csv.length.toLocaleString('en-US')} characters of CSV; ${report.headline[0]})`,
    );
  }
} finally {
  await server.stop();
}
