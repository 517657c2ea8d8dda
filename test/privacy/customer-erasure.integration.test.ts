import { SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { BenefitLedger } from '#shared/adapters/dynamodb/benefit-ledger.ts';
import { CaseStopperMissingError, CustomerErasure } from '#shared/adapters/dynamodb/customer-erasure.ts';
import { DynamoDbReportSource } from '#shared/adapters/dynamodb/dynamodb-report-source.ts';
import { StepFunctionsCaseStopper } from '#shared/adapters/stepfunctions/case-stopper.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { ERASED_REASON, emptyCounts } from '#shared/privacy/erasure-plan.ts';
import { resultWindowsOf } from '#shared/privacy/kept-result-facts.ts';
import { buildReport } from '#shared/reports/build-report.ts';
import { reasonWords } from '#shared/reports/churn-reasons.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { dumpTables, itemsHolding, type SeededCustomer, seedCustomer } from '../helpers/erasure-fixture.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';

const policy = presetPolicy('script-kill');
const clock = new ZonedClock(policy.timeZone);
const CASE_MACHINE = 'arn:aws:states:ap-east-1:123456789012:stateMachine:CaseStateMachine';
const sfn = mockClient(SFNClient);
const stopper = new StepFunctionsCaseStopper(
  new SFNClient({ region: 'ap-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  CASE_MACHINE,
);
const NOW = Date.parse('2027-01-20T10:00:00+08:00');
let local: LocalTables;
let kept: SeededCustomer;

const erasureWith = (doc: DynamoDBDocumentClient) =>
  new CustomerErasure(doc, local.names, { clock, windows: resultWindowsOf(policy), cases: stopper, now: () => NOW });
const request = { by: 'privacy-officer-li', via: 'cli' as const };

/** The reports of periods closed before the erasure: the same numbers are expected after it. */
async function closedPeriodReports(): Promise<Record<string, string>> {
  const context = { source: new DynamoDbReportSource(local.doc, local.names, clock), policy, clock };
  const periods = [
    ['evaluation', '2026-07'],
    ['evaluation', '2026-09'],
    ['evaluation', '2026-11'], // results of the August cohort: case A's repurchase, revenue, satisfaction, benefit
    ['evaluation', '2026-12'], // results of the September cohort: case B's satisfaction
    ['kpis', '2026-07'],
    ['kpis', '2026-09'],
    ['quarterly', '2026-Q3'],
    ['churn-reasons', '2026-09'],
  ] as const;
  const reports: Record<string, string> = {};
  for (const [kind, period] of periods) {
    const report = await buildReport(kind, period, context);
    reports[`${kind} ${period}`] = `${report.csv}${HEADLINES}${report.headline.join('\n')}`;
  }
  return reports;
}

const HEADLINES = '\n--- headlines ---\n';

/**
 * A refusal's reason is the customer's words: it is the one figure that reads differently, counted
 * the same: "(erased)" in the CSV, and in words in the headlines.
 */
const withRefusalErased = (reports: Record<string, string>, customer: SeededCustomer) =>
  Object.fromEntries(
    Object.entries(reports).map(([name, text]) => {
      const [csv = '', headlines = ''] = text.split(HEADLINES);
      // A headline says a reason twice, Chinese then English: the erased one in the words of each.
      const erased = reasonWords({ outcome: 'refused', reason: ERASED_REASON });
      const erasedHeadlines = headlines
        .split('\n')
        .map((line) => line.replace(customer.refusalReason, erased.zh).replace(customer.refusalReason, erased.en));
      return [
        name,
        `${csv.replaceAll(customer.refusalReason, ERASED_REASON)}${HEADLINES}${erasedHeadlines.join('\n')}`,
      ];
    }),
  ) as Record<string, string>;

beforeAll(async () => {
  local = await localTables();
  await batchPut(local.doc, local.names.staff, [
    { id: 'gm', name: '周总', role: 'gm', stores: ['*'], email: 'gm@chain.example', active: true },
    {
      id: 'dgm',
      name: '钱',
      role: 'deputy_gm',
      stores: ['*'],
      email: 'dgm@chain.example',
      active: true,
      supervisor: 'gm',
    },
    ...['S1', 'S2'].map((storeId) => ({
      id: `sm-${storeId}`,
      name: '赵',
      role: 'store_manager',
      stores: [storeId],
      email: `sm-${storeId}@chain.example`,
      active: true,
      supervisor: 'dgm',
    })),
  ]);
  kept = await seedCustomer(local.doc, local.names, 'C-KEEP-0001', 9001, 'S2');
});

beforeEach(() => {
  sfn.reset();
  sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
});

describe('erasing a customer on request (SPEC section 8)', () => {
  let customer: SeededCustomer;
  let before: Record<string, string>;
  let othersBefore: Awaited<ReturnType<typeof dumpTables>>;

  beforeAll(async () => {
    customer = await seedCustomer(local.doc, local.names, 'C-ERASE-0001', 1);
    before = await closedPeriodReports();
    othersBefore = await dumpTables(local.doc, local.names);
  });

  it('stops the open case, deletes and anonymises everything about the customer, and counts it', async () => {
    const result = await erasureWith(local.doc).erase(customer.customerId, request);

    expect(result).toMatchObject({ outcome: 'erased', resumed: false, counts: customer.expected });
    expect(sfn.commandCalls(StopExecutionCommand).map((call) => call.args[0].input.executionArn)).toEqual([
      `arn:aws:states:ap-east-1:123456789012:execution:CaseStateMachine:${customer.executionName}`,
    ]);
    // Not the id, the contact data, the customer's words, the old ledger code or the execution name, anywhere.
    expect(await itemsHolding(local.doc, local.names, customer.traces)).toEqual([]);
  });

  it('keeps the ledger entry for finance: amount, store and date, under a code nobody can recompute from the id', async () => {
    const { Item: old } = await local.doc.send(
      new GetCommand({ TableName: local.names.ledger, Key: { code: customer.ledgerCode } }),
    );
    expect(old).toBeUndefined();
    const ledger = (await dumpTables(local.doc, local.names)).ledger.filter((entry) => entry.storeId === 'S1');
    expect(ledger).toHaveLength(1);
    const [entry] = ledger;
    expect(entry).toMatchObject({
      storeId: 'S1',
      costYuan: 168,
      issuedAt: '2026-07-12T10:00:00+08:00',
      benefitId: 'free-session',
      approvedBy: ['dgm'],
    });
    expect(entry!.customerId).toMatch(/^erased-[0-9a-f-]{36}$/);
    expect(entry!.code).toBe(
      BenefitLedger.codeFor({ customerId: entry!.customerId, alertId: entry!.alertId, benefitId: 'free-session' }),
    );
    expect(entry!.caseKey).toBe(`${entry!.customerId}#${entry!.alertId}`);
    // The audit entry that named the old code names the new one.
    const audit = await local.doc.send(
      new QueryCommand({
        TableName: local.names.audit,
        KeyConditionExpression: 'caseKey = :case',
        ExpressionAttributeValues: { ':case': entry!.caseKey },
      }),
    );
    expect(audit.Items?.find((item) => item.entryKey === '05-execute-0')).toEqual({
      caseKey: entry!.caseKey,
      entryKey: '05-execute-0',
      step: '05-execute-0',
      at: '2026-07-12T10:00:00+08:00',
      actor: 'system',
      details: { code: entry!.code, approvedBy: ['dgm'] },
    });
  });

  it('keeps the cases under unlinked pseudonyms with what the reports count, the open one stopped', async () => {
    const alerts = (await dumpTables(local.doc, local.names)).alerts.filter((alert) => alert.storeId === 'S1');
    expect(alerts.map((alert) => [alert.alertId, alert.status, alert.closedAt, alert.outcomeReason])).toEqual(
      expect.arrayContaining([
        ['daily-2026-07-10', 'recovered', '2026-08-05T10:00:00+08:00', undefined],
        ['daily-2026-09-01', 'refused', '2026-09-20T10:00:00+08:00', ERASED_REASON],
        // Verified, then stopped: no longer open, still a confirmed warning.
        ['daily-2027-01-05', 'erased', undefined, undefined],
      ]),
    );
    expect(new Set(alerts.map((alert) => alert.customerId)).size).toBe(3);
    for (const alert of alerts) {
      expect(alert).not.toHaveProperty('indicators');
      expect(alert).not.toHaveProperty('awaiting');
      expect(alert).not.toHaveProperty('approval_deputy_gm');
      expect(alert).not.toHaveProperty('executionName');
    }
    expect(alerts.find((alert) => alert.alertId === 'daily-2026-07-10')?.resultFacts).toEqual({
      revenue: 250.35,
      visitedAfterClose: true,
      satisfactionBefore: 60,
      satisfactionAfter: 80,
    });
  });

  it('gives the same report figures for the closed periods as before', async () => {
    const after = await closedPeriodReports();
    expect(after).toEqual(withRefusalErased(before, customer));
    // The refusal is still counted, under "(erased)" rather than the customer's words.
    expect(after['churn-reasons 2026-09']).toContain(`refused,${ERASED_REASON},0,0,1,1`);
  });

  it('leaves an erasure record with when, who and the counts, and nothing that names the customer', async () => {
    const audit = (await dumpTables(local.doc, local.names)).audit;
    expect(audit.filter((item) => String(item.caseKey).startsWith('erasing#'))).toEqual([]);
    const records = audit.filter((item) => String(item.caseKey).startsWith('erasure#'));
    expect(records).toEqual([
      {
        caseKey: `erasure#${records[0]!.erasureId}`,
        entryKey: 'erasure',
        kind: 'erasure',
        erasureId: records[0]!.erasureId,
        requestedBy: 'privacy-officer-li',
        via: 'cli',
        startedAt: '2027-01-20T10:00:00+08:00',
        completedAt: '2027-01-20T10:00:00+08:00',
        status: 'completed',
        counts: customer.expected,
      },
    ]);
  });

  it('touches nothing of anyone else', async () => {
    const after = await dumpTables(local.doc, local.names);
    const theirs = (items: unknown[]) => items.filter((item) => JSON.stringify(item).includes(kept.customerId));
    for (const table of Object.keys(after) as Array<keyof typeof after>)
      expect(theirs(after[table])).toEqual(theirs(othersBefore[table]));
    expect((await itemsHolding(local.doc, local.names, kept.traces)).length).toBeGreaterThan(0);
    expect(after.staff).toEqual(othersBefore.staff);
  });

  it('changes nothing when asked again: nothing is held, no record is written, no case is stopped', async () => {
    const first = await dumpTables(local.doc, local.names);
    const again = await erasureWith(local.doc).erase(customer.customerId, request);
    expect(again).toEqual({ outcome: 'nothing-held', resumed: false, counts: emptyCounts() });
    expect(await dumpTables(local.doc, local.names)).toEqual(first);
    expect(sfn.commandCalls(StopExecutionCommand)).toHaveLength(0);
  });
});

describe('an erasure stopped half way', () => {
  /** How many transactions a whole erasure of a seeded customer takes: each is a point where it can stop. */
  let transactions = 0;

  beforeAll(async () => {
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    const customer = await seedCustomer(local.doc, local.names, 'C-COUNT-0001', 2, 'S3', { refused: false });
    await erasureWith(counting(local.doc, () => (transactions += 1))).erase(customer.customerId, request);
    expect(transactions).toBeGreaterThan(8);
  });

  for (const lostReply of [false, true]) {
    it(`is finished by running it again, whichever transaction ${lostReply ? 'lost its reply' : 'failed'}`, async () => {
      for (let failAt = 1; failAt <= transactions; failAt++) {
        // Without a refusal: erased refusals are counted together under "(erased)", which would merge rows of the churn reasons.
        const customer = await seedCustomer(
          local.doc,
          local.names,
          `C-HALF-${lostReply ? 'L' : 'F'}${failAt}`,
          100 + failAt + (lostReply ? 50 : 0),
          'S4',
          { refused: false },
        );
        const before = await closedPeriodReports();

        let seen = 0;
        const failing = counting(
          local.doc,
          () => (seen += 1),
          (n) => n === failAt,
          lostReply,
        );
        await expect(
          erasureWith(failing).erase(customer.customerId, request),
          `stopping at transaction ${failAt}`,
        ).rejects.toThrow('injected fault');

        const rerun = await erasureWith(local.doc).erase(customer.customerId, { by: 'privacy-officer-wu', via: 'cli' });
        if (lostReply && failAt === transactions) {
          // The last transaction went through: the erasure was done, and the marker that linked it to the customer is gone.
          expect(rerun).toMatchObject({ outcome: 'nothing-held', resumed: false });
        } else {
          expect(rerun, `stopped at transaction ${failAt}`).toMatchObject({
            outcome: 'erased',
            resumed: failAt > 1 || lostReply,
            counts: customer.expected,
          });
        }
        expect(await itemsHolding(local.doc, local.names, customer.traces), `stopped at transaction ${failAt}`).toEqual(
          [],
        );
        const after = await closedPeriodReports();
        expect(after, `stopped at transaction ${failAt}`).toEqual(before);
      }
      const audit = (await dumpTables(local.doc, local.names)).audit;
      expect(audit.filter((item) => String(item.caseKey).startsWith('erasing#'))).toEqual([]);
      // One record per erasure, each completed; those taken up again say who finished them.
      const records = audit.filter((item) => item.kind === 'erasure' && item.status !== 'completed');
      expect(records).toEqual([]);
      const resumed = audit.filter((item) => item.kind === 'erasure' && item.resumed);
      expect(resumed.every((item) => item.resumed[0].by === 'privacy-officer-wu')).toBe(true);
    }, 180_000);
  }

  it('is taken up when the case could not be stopped, before anything was deleted', async () => {
    const customer = await seedCustomer(local.doc, local.names, 'C-HALF-SFN', 300, 'S4');
    sfn.reset();
    sfn
      .on(StopExecutionCommand)
      .rejectsOnce(
        Object.assign(new Error('access denied'), {
          name: 'AccessDeniedException',
          $metadata: { httpStatusCode: 400 },
        }),
      )
      .resolves({ stopDate: new Date() });
    await expect(erasureWith(local.doc).erase(customer.customerId, request)).rejects.toThrow('access denied');
    expect((await itemsHolding(local.doc, local.names, [customer.customerId])).length).toBeGreaterThan(0);
    const rerun = await erasureWith(local.doc).erase(customer.customerId, request);
    expect(rerun).toMatchObject({ outcome: 'erased', resumed: true, counts: customer.expected });
    expect(sfn.commandCalls(StopExecutionCommand)).toHaveLength(2);
    expect(await itemsHolding(local.doc, local.names, customer.traces)).toEqual([]);
  });
});

describe('a link answered while the case is being moved', () => {
  it('has its audit entry swept up under the pseudonym before the erasure ends', async () => {
    const customer = await seedCustomer(local.doc, local.names, 'C-LATE-0001', 500, 'S5');
    const breach = {
      caseKey: `${customer.customerId}#daily-2026-07-10`,
      entryKey: '04-breach-0',
      step: '04-breach-0',
      actor: 'system',
      details: { breach: true, deadline: 'contact', responsible: 'sm-S1', role: 'store_manager' },
    };
    const late = {
      caseKey: `${customer.customerId}#${customer.openAlertId}`,
      entryKey: '03-response_plan',
      step: '03-response_plan',
      at: '2027-01-20T10:00:00+08:00',
      actor: 'sm-S1',
      details: { answer: { likelyCause: `${customer.customerId} said no` } },
    };
    // The page took the step from the alert just before it moved, and writes its audit entry just after.
    const racing = new Proxy(local.doc, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
          const reply = await target.send(command as never);
          const items = command instanceof TransactWriteCommand ? (command.input.TransactItems ?? []) : [];
          if (
            items.some(
              (item) =>
                item.Delete?.TableName === local.names.alerts && item.Delete.Key?.alertId === customer.openAlertId,
            )
          ) {
            await target.send(new PutCommand({ TableName: local.names.audit, Item: late }));
            // And a breach recorded again by a retried step, its first copy already moved.
            await target.send(
              new PutCommand({ TableName: local.names.audit, Item: { ...breach, at: '2027-01-20T10:00:01+08:00' } }),
            );
          }
          return reply;
        };
      },
    });
    const result = await erasureWith(racing).erase(customer.customerId, request);
    expect(result.counts).toEqual({ ...customer.expected, audit: customer.expected.audit + 2 });
    expect(await itemsHolding(local.doc, local.names, customer.traces)).toEqual([]);
    // The late answer is kept under the case's pseudonym; the breach once, as first recorded.
    const audit = (await dumpTables(local.doc, local.names)).audit;
    const open = audit.find(
      (item) =>
        item.entryKey === '03-response_plan' &&
        String(item.caseKey).endsWith(`#${customer.openAlertId}`) &&
        String(item.caseKey).startsWith('erased-'),
    );
    expect(open).toMatchObject({ actor: 'sm-S1', at: '2027-01-20T10:00:00+08:00' });
    expect(open).not.toHaveProperty('details');
    const breaches = audit.filter(
      (item) =>
        item.entryKey === '04-breach-0' &&
        item.details?.responsible === 'sm-S1' &&
        String(item.caseKey).startsWith('erased-'),
    );
    expect(breaches.filter((item) => item.at.startsWith('2027-01-20'))).toEqual([]);
  });
});

describe('without a way to stop an open case', () => {
  it('refuses before changing anything', async () => {
    const customer = await seedCustomer(local.doc, local.names, 'C-NOSTOP-0001', 400, 'S5');
    const before = await dumpTables(local.doc, local.names);
    const erasure = new CustomerErasure(local.doc, local.names, { clock, windows: resultWindowsOf(policy) });
    await expect(erasure.erase(customer.customerId, request)).rejects.toThrow(CaseStopperMissingError);
    await expect(erasure.erase(customer.customerId, request)).rejects.toThrow(/customer C-N\*+001 has 1 open case/);
    expect(await dumpTables(local.doc, local.names)).toEqual(before);
  });
});

describe('a customer with a long history', () => {
  it('deletes thousands of events, 99 to a transaction, and counts each once', async () => {
    const { CustomerEventWriter } = await import('#shared/adapters/dynamodb/customer-event-writer.ts');
    const { event } = await import('../helpers/customer-builder.ts');
    const events = Array.from({ length: 1500 }, (_, i) =>
      event.visit(new Date(Date.parse('2026-06-01T00:00:00Z') + i * 3_600_000).toISOString(), 10),
    );
    await new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 }).write('C-LONG-0001', 'S6', events);
    const result = await erasureWith(local.doc).erase('C-LONG-0001', request);
    expect(result.counts).toEqual({ ...emptyCounts(), customers: 1, events: 1500 });
    expect(await itemsHolding(local.doc, local.names, ['C-LONG-0001'])).toEqual([]);
  });
});

/**
 * The document client, counting transactions; the one `fail` picks throws, before it is sent or,
 * with `lostReply`, after it went through (the reply lost on the way back).
 */
function counting(
  doc: DynamoDBDocumentClient,
  count: () => number,
  fail: (n: number) => boolean = () => false,
  lostReply = false,
): DynamoDBDocumentClient {
  return new Proxy(doc, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        if (!(command instanceof TransactWriteCommand)) return target.send(command as never);
        const n = count();
        const fault = Object.assign(new Error('injected fault'), { name: 'InjectedFault' });
        if (fail(n) && !lostReply) throw fault;
        const reply = await target.send(command);
        if (fail(n)) throw fault;
        return reply;
      };
    },
  });
}
