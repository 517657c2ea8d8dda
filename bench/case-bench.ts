/**
 * The case workflow's cost: state transitions of a level-1 case recovered at its first follow-up
 * (target <= 30) and of each further follow-up round (target <= 4), counted on the very definition
 * `cdk synth` produces, run by the local interpreter against DynamoDB Local and a local SES; then a
 * monthly AWS estimate for 100,000 customers at list prices from those counts and from the cases
 * the sample chains really open each month, under the work queue and with everything opened.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { type AtRisk, caseVolume, type MonthVolume, workingDaysBetween } from '#cli/backtest/case-volume.ts';
import { rhythmChain } from '#cli/sample/rhythm-chain.ts';
import { sampleChain } from '#cli/sample/sample-chain.ts';
import { sampleStaff } from '#cli/sample/sample-staff.ts';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { documentClient } from '#shared/adapters/dynamodb/document-client.ts';
import { tableEnvironment } from '#shared/adapters/table-specs.ts';
import type { CustomerFile } from '#shared/customer/customer-file-schema.ts';
import type { Policy } from '#shared/policy/policy-schema.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { PolicyScorer } from '#shared/scoring/policy-scorer.ts';
import { StaffDirectory } from '#shared/staff/staff-directory.ts';
import { foldCustomerFile } from '#shared/state/fold-history.ts';
import { createTables, localTableNames } from '../infra/local/create-tables.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { localCaseWorkflow } from '../infra/local/local-case-workflow.ts';
import { startLocalSes } from '../infra/local/local-ses.ts';
import { SynthesizedStack } from '../infra/local/synthesized-stack.ts';

const dynamo = await startDynamoDbLocal();
const ses = await startLocalSes();
const sesUrl = ses.url;
let workflow: Awaited<ReturnType<typeof localCaseWorkflow>> | undefined;
try {
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const doc = documentClient(client);
  const names = localTableNames('bench-case-');
  await createTables(client, names);
  Object.assign(process.env, {
    ...tableEnvironment(names),
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SES: sesUrl,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    MAIL_FROM: 'winback@chain.example',
    LINK_BASE_URL: 'https://links.bench',
    LINK_SECRET: 'bench-link-secret-0123456789',
    WINBACK_TIME_SCALE: '1',
  });
  await batchPut(doc, names.staff, [
    { id: 'ops-head', name: 'Ops', role: 'operations_head', stores: ['*'], email: 'ops@chain.example' },
    {
      id: 'cs-1',
      name: 'CS',
      role: 'customer_service',
      stores: ['*'],
      email: 'cs@chain.example',
      supervisor: 'ops-head',
    },
  ]);
  const cases = await localCaseWorkflow();
  workflow = cases;
  const casePage = await import('../functions/case-page/handler.ts');
  const mails = async () =>
    ((await (await fetch(`${sesUrl}/store`)).json()) as { emails: Array<{ subject: string; body: { text: string } }> })
      .emails;
  const nextMail = async (count: number) => {
    for (;;) {
      const all = await mails();
      const mail = all[count - 1];
      if (mail !== undefined) return mail;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const post = async (mail: { body: { text: string } }, form: Record<string, string>) => {
    const token = /https:\/\/links\.bench\/c\/(\S+)/.exec(mail.body.text)?.[1] ?? '';
    const path = `/c/${token}`;
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: 'POST /c/{token}',
      rawPath: path,
      rawQueryString: '',
      headers: {},
      pathParameters: { token },
      requestContext: {
        accountId: 'bench',
        apiId: 'bench',
        domainName: 'links.bench',
        domainPrefix: 'links',
        http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
        requestId: 'bench',
        routeKey: 'POST /c/{token}',
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      },
      body: new URLSearchParams(form).toString(),
      isBase64Encoded: false,
    };
    await (casePage.handler as (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>)(event, {
      functionName: 'page',
    } as Context);
  };

  /** A level-1 case: plan with a pre-approved coupon, contact reached, back after `rounds` follow-ups. */
  async function measure(customerId: string, rounds: number): Promise<number> {
    process.env.WINBACK_TIME_SCALE = '1';
    const writer = new CustomerEventWriter(doc, names, { retentionDays: 1095 });
    await writer.write(customerId, 'S1', [
      {
        eventId: `${customerId}-v0`,
        type: 'visit',
        at: new Date(Date.now() - 100 * 86_400_000).toISOString(),
        amount: 128,
      },
    ]);
    const alert = {
      customerId,
      alertId: 'bench',
      storeId: 'S1',
      level: 1,
      identifiedAt: new Date(Date.now() - 86_400_000).toISOString(),
      status: 'open',
      indicators: [],
      levelHistory: [],
    };
    await doc.send(new PutCommand({ TableName: names.alerts, Item: alert }));
    await doc.send(
      new UpdateCommand({
        TableName: names.customers,
        Key: { customerId },
        UpdateExpression: 'SET openAlert = :open',
        ExpressionAttributeValues: {
          ':open': { alertId: 'bench', level: 1, raisedLevel: 1, identifiedAt: alert.identifiedAt, caseStarted: true },
        },
      }),
    );
    const seen = (await mails()).length;
    const execution = cases.start({
      customerId,
      alertId: 'bench',
      storeId: 'S1',
      level: 1,
      identifiedAt: alert.identifiedAt,
    });
    await post(await nextMail(seen + 1), {
      indicatorsConfirmed: 'yes',
      likelyCause: 'busy',
      strategy: 'coupon_30_off_100',
    });
    const contact = await nextMail(seen + 2);
    process.env.WINBACK_TIME_SCALE = String(7 * 86_400); // a week a second
    if (rounds === 0)
      await writer.write(customerId, 'S1', [
        { eventId: `${customerId}-back`, type: 'visit', at: new Date().toISOString(), amount: 98 },
      ]);
    await post(contact, { result: 'reached', said: '', cause: 'busy' });
    if (rounds > 0) {
      await nextMail(seen + 2 + rounds); // the follow-up tasks of the rounds before the return
      await writer.write(customerId, 'S1', [
        { eventId: `${customerId}-back`, type: 'visit', at: new Date().toISOString(), amount: 98 },
      ]);
    }
    const output = await execution.result;
    if (output.closed?.outcome !== 'recovered')
      throw new Error(`expected a recovered case, got ${JSON.stringify(output.closed)}`);
    return execution.transitions();
  }

  const first = await measure('C-B1', 0);
  const later = await measure('C-B2', 2);
  const perRound = (later - first) / 2;
  console.log(
    `case:    ${first} state transitions for a level-1 case recovered at its first follow-up (target <= 30); ${perRound} per further follow-up round (target <= 4)`,
  );

  // A month for 100,000 customers, at list prices (USD, us-east-1; China regions price differently).
  // The cases come from the sample chains' own alerts, month by month, as the policy opens them.
  const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
  const chains = monthlyCases(customers);
  for (const chain of chains) {
    for (const [mode, months] of Object.entries(chain.volume)) {
      const [firstMonth] = months;
      const lastMonth = months.at(-1);
      if (firstMonth === undefined || lastMonth === undefined) throw new Error(`${chain.name} ${mode}: no months`);
      console.log(
        `volume:  ${chain.name.padEnd(6)} ${mode.padEnd(15)} first month ${firstMonth.opened.toLocaleString('en-US')} cases of ${firstMonth.atRisk.toLocaleString('en-US')} at risk; ` +
          `then ${Math.round(steady(months)).toLocaleString('en-US')} a month (${((steady(months) / customers) * 100).toFixed(1)}% of customers), ` +
          `${lastMonth.queued.toLocaleString('en-US')} waiting at the end (${chain.stores} stores, one agent and one operations lead each)`,
      );
    }
  }
  // The costlier of the two chains under the queue, in its steady months.
  const casesPerMonth = Math.round(Math.max(...chains.map((chain) => steady(chain.volume['within-capacity']))));
  const roundsPerCase = 3; // assumption: three follow-up rounds on average
  const transitions = casesPerMonth * (first + roundsPerCase * perRound);
  const sfnCost = (transitions / 1000) * 0.025;
  const invocations = casesPerMonth * (9 + roundsPerCase) + 30 * 8; // case tasks and pages, plus 8 scan segments a day
  const lambdaCost = (invocations / 1e6) * 0.2 + invocations * 0.3 * 0.5 * 0.0000133334; // 0.3 s at 512 MB, ARM
  const scanReads = 30 * customers * 0.163; // read units measured by the scan benchmark
  const caseWrites = casesPerMonth * 40; // case, audit and ledger writes per case, transactions counted twice
  const dynamoCost = (scanReads / 1e6) * 0.125 + (caseWrites / 1e6) * 0.625;
  const emails = casesPerMonth * (3 + roundsPerCase);
  const sesCost = (emails / 1000) * 0.1;
  // What the stack costs whatever the volume: its alarms (per metric watched), dashboards, keys and secret, read from the template.
  const stack = SynthesizedStack.of();
  const fixedCost =
    stack.alarmMetrics() * 0.1 +
    stack.count('AWS::CloudWatch::Dashboard') * 3 +
    stack.count('AWS::KMS::Key') * 1 +
    stack.count('AWS::SecretsManager::Secret') * 0.4;
  console.log(
    `cost:    ~$${(sfnCost + lambdaCost + dynamoCost + sesCost).toFixed(2)}/month for ${customers.toLocaleString('en-US')} customers ` +
      `(${casesPerMonth.toLocaleString('en-US')} cases: Step Functions $${sfnCost.toFixed(2)}, Lambda $${lambdaCost.toFixed(2)}, ` +
      `DynamoDB $${dynamoCost.toFixed(2)} without ingestion, SES $${sesCost.toFixed(2)}); cases from the volume above, other assumptions in bench/case-bench.ts`,
  );
  console.log(
    `cost:    + ~$${fixedCost.toFixed(2)}/month fixed: ${stack.count('AWS::CloudWatch::Alarm')} alarms watching ${stack.alarmMetrics()} metrics, ` +
      `${stack.count('AWS::CloudWatch::Dashboard')} dashboard, ${stack.count('AWS::KMS::Key')} KMS keys, ${stack.count('AWS::SecretsManager::Secret')} secret (logs and X-Ray by volume, not counted)`,
  );
} finally {
  await workflow?.stop();
  await ses.stop();
  await dynamo.stop();
}

/** Months after the first scan's backlog: what a chain opens once the queue runs. */
function steady(months: readonly MonthVolume[]): number {
  const later = months.slice(1);
  return later.reduce((sum, month) => sum + month.opened, 0) / later.length;
}

/**
 * The story chain (`npm start`'s sample) and the rhythm chain, at `customers` customers with as
 * many customers per store as their 2,000-customer samples (3 and 4 stores): at-risk customers at
 * the end of each of the last six months, and the cases opened from them, within the owners'
 * capacity and with everything opened.
 */
function monthlyCases(customers: number) {
  const until = Date.parse('2026-11-23T02:00:00+08:00');
  const MONTH = 30 * 86_400_000;
  const policy = presetPolicy('script-kill');
  const build = (name: string, stores: number, files: Iterable<CustomerFile>) => {
    const ids = Array.from({ length: stores }, (_, i) => `STORE-${String(i + 1).padStart(2, '0')}`);
    const staff = new StaffDirectory(sampleStaff(ids));
    const all = [...files];
    const months = Array.from({ length: 6 }, (_, i) => until - (5 - i) * MONTH).map((asOf) => {
      const bound = new PolicyScorer(policy).at(asOf);
      const atRisk: AtRisk[] = [];
      for (const file of all) {
        const level = bound.assess({ profile: file, state: foldCustomerFile(file, asOf).state }).level;
        if (level > 0) atRisk.push({ customerId: file.customerId, storeId: file.storeId, level: level as 1 | 2 | 3 });
      }
      return { atRisk, workingDays: workingDaysBetween(policy, asOf - MONTH, asOf) };
    });
    const opened = (open: Policy['workQueue']['open']) =>
      caseVolume(months, { ...policy, workQueue: { ...policy.workQueue, open } }, staff);
    return { name, stores, volume: { 'within-capacity': opened('within-capacity'), everything: opened('everything') } };
  };
  const storyStores = Math.max(1, Math.round((customers / 2000) * 3));
  const rhythmStores = Math.max(1, Math.round((customers / 2000) * 4));
  return [
    build('story', storyStores, sampleChain({ customers, seed: 7, until, stores: storyStores })),
    build(
      'rhythm',
      rhythmStores,
      [...rhythmChain({ customers, seed: 2028, until, stores: rhythmStores })].map(({ file }) => file),
    ),
  ];
}
