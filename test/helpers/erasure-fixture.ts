import { type DynamoDBDocumentClient, type NativeAttributeValue, paginateScan } from '@aws-sdk/lib-dynamodb';
import { AlertWriter } from '#shared/adapters/dynamodb/alert-writer.ts';
import { BenefitLedger } from '#shared/adapters/dynamodb/benefit-ledger.ts';
import { CaseStore } from '#shared/adapters/dynamodb/case-store.ts';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { CustomerProfileWriter } from '#shared/adapters/dynamodb/customer-profile-writer.ts';
import { LinkStore } from '#shared/adapters/dynamodb/link-store.ts';
import { RejectStore } from '#shared/adapters/dynamodb/reject-store.ts';
import { SnapshotStore } from '#shared/adapters/dynamodb/snapshot-store.ts';
import { TABLES, type TableKey, type TableNames } from '#shared/adapters/table-specs.ts';
import type { AlertRecord } from '#shared/alerts/alert-record.ts';
import { caseExecutionName } from '#shared/cases/case-start.ts';
import { maskedCustomer } from '#shared/cases/execution-name.ts';
import { stepLinkId } from '#shared/links/step-link.ts';
import type { Level } from '#shared/policy/policy-schema.ts';
import type { ErasureCounts } from '#shared/privacy/erasure-plan.ts';
import { event } from './customer-builder.ts';

/** A customer as the system leaves one after a few months of cases, and what must be gone once erased. */
export interface SeededCustomer {
  customerId: string;
  storeId: string;
  /** Strings about the person no item may hold after the erasure: id, contact data, their words, the old ledger code, the execution name. */
  traces: string[];
  /** The alert whose case is open, and the name its execution was started with. */
  openAlertId: string;
  executionName: string;
  ledgerCode: string;
  /** Why they refused, in their words: the refused case's reason. */
  refusalReason: string;
  /** What erasing them deletes and anonymises. */
  expected: ErasureCounts;
}

const alertRecord = (
  customerId: string,
  storeId: string,
  alertId: string,
  level: Level,
  identifiedAt: string,
  evidence: string,
): AlertRecord => ({
  customerId,
  alertId,
  storeId,
  level,
  indicators: [{ id: 'visit_gap', core: true, evidence }],
  policyVersion: 'script-kill-2026.1',
  identifiedAt,
  runId: alertId,
  status: 'open',
  ownerRole: 'store_manager',
  ownerDepartment: 'store',
  deadlines: {
    alertDeliveryBy: identifiedAt,
    responsePlanBy: identifiedAt,
    firstContactBy: identifiedAt,
    trackUntil: identifiedAt,
  },
  followUpEveryDays: 7,
  levelHistory: [{ level, at: identifiedAt, runId: alertId, indicators: ['visit_gap'] }],
});

/**
 * Seeds, through the writers the system uses: a profile with contact data; events; a case closed
 * recovered (with a benefit in the ledger, an approval note, a breach, answers that quote the
 * customer); unless `refused` is false, a case closed refused in the customer's words; an open case whose execution was
 * started; a row of the December risk list; two rejected records about them (one by the id, one
 * by the phone) next to one about someone else.
 */
export async function seedCustomer(
  doc: DynamoDBDocumentClient,
  tables: TableNames,
  customerId: string,
  n: number,
  storeId = 'S1',
  options: { refused?: boolean } = {},
): Promise<SeededCustomer> {
  const refused = options.refused ?? true;
  const phone = `1390000${String(n).padStart(4, '0')}`;
  const name = `王${n}明`;
  const contact = { name, phone, email: `guest${n}@mail.example`, wechat: `wx_guest_${n}` };
  const words = `顾客${name}说太贵了 (call ${phone})`;
  const cases = new CaseStore(doc, tables);
  const alerts = new AlertWriter(doc, tables);
  await new CustomerProfileWriter(doc, tables).upsert({ customerId, storeId, segment: 'member', core: false, contact });
  const events = [
    event.survey('2026-06-01T12:00:00+08:00', 60),
    event.visit('2026-07-20T19:00:00+08:00', 100.1),
    event.complaint('2026-08-25T19:00:00+08:00', 'minor', 'service'),
    event.visit('2026-09-10T19:00:00+08:00', 150.25),
    event.survey('2026-09-15T12:00:00+08:00', 80),
    event.visit('2026-12-01T19:00:00+08:00', 80),
  ];
  await new CustomerEventWriter(doc, tables, { retentionDays: 1095 }).write(customerId, storeId, events);

  // A: raised in July, recovered in August, with a benefit.
  const a = 'daily-2026-07-10';
  await alerts.raise(
    alertRecord(customerId, storeId, a, 2, '2026-07-10T02:00:00+08:00', 'last visit 2026-05-01, 70 days ago, limit 60'),
  );
  await cases.update(
    customerId,
    a,
    'in_progress',
    { verifiedAt: '2026-07-10T02:01:00+08:00', holdout: false },
    {
      step: '01-verify',
      at: '2026-07-10T02:01:00+08:00',
      actor: 'system',
      what: 'verified: at risk at level 2',
      details: { indicators: ['visit_gap'] },
    },
    false,
  );
  await cases.audit(customerId, a, {
    step: '02-answer-0',
    at: '2026-07-10T15:00:00+08:00',
    actor: 'sm-S1',
    what: 'response plan recorded',
    details: {
      answer: { likelyCause: words, strategy: 'free-session' },
      from: '10.0.0.7',
      userAgent: 'Mozilla/5.0',
      link: 'link-1',
    },
  });
  await cases.audit(customerId, a, {
    step: '04-breach-0',
    at: '2026-07-11T10:00:00+08:00',
    actor: 'system',
    what: 'breach: first contact not done',
    details: { breach: true, deadline: 'contact', responsible: 'sm-S1', role: 'store_manager' },
  });
  await cases.recordApproval(customerId, a, 'deputy_gm', {
    decision: 'approve',
    note: `${name} is a regular`,
    by: 'dgm',
    at: '2026-07-12T09:00:00+08:00',
  });
  const ledger = new BenefitLedger(doc, tables);
  const ledgerCode = await ledger.issue({
    customerId,
    alertId: a,
    storeId,
    benefitId: 'free-session',
    benefitName: '新本免费体验',
    costYuan: 168,
    approvedBy: ['dgm'],
    issuedAt: '2026-07-12T10:00:00+08:00',
  });
  await cases.audit(customerId, a, {
    step: '05-execute-0',
    at: '2026-07-12T10:00:00+08:00',
    actor: 'system',
    what: `issued free-session (¥168) as ${ledgerCode}`,
    details: { code: ledgerCode, approvedBy: ['dgm'] },
  });
  await cases.audit(customerId, a, {
    step: '07-follow-up-000',
    at: '2026-07-21T10:00:00+08:00',
    actor: 'system',
    what: 'follow-up 1: recovered, came back on 2026-07-20',
  });
  await cases.update(
    customerId,
    a,
    'recovered',
    { closedAt: '2026-08-05T10:00:00+08:00', outcomeReason: 'came back on 2026-07-20' },
    {
      step: '99-close',
      at: '2026-08-05T10:00:00+08:00',
      actor: 'system',
      what: 'closed: recovered',
      details: { reason: 'came back on 2026-07-20' },
    },
    true,
  );

  // B: raised in September, refused in the customer's words.
  const b = 'daily-2026-09-01';
  if (refused) {
    await alerts.raise(
      alertRecord(customerId, storeId, b, 1, '2026-09-01T02:00:00+08:00', 'complaint 2026-08-25 (service)'),
    );
    await cases.update(
      customerId,
      b,
      'in_progress',
      { verifiedAt: '2026-09-01T02:01:00+08:00', holdout: false },
      { step: '01-verify', at: '2026-09-01T02:01:00+08:00', actor: 'system', what: 'verified: at risk at level 1' },
      false,
    );
    await cases.update(
      customerId,
      b,
      'refused',
      { closedAt: '2026-09-20T10:00:00+08:00', outcomeReason: words },
      {
        step: '99-close',
        at: '2026-09-20T10:00:00+08:00',
        actor: 'sm-S1',
        what: 'closed: refused',
        details: { reason: words },
      },
      {
        quiet: { until: '2027-03-19T10:00:00+08:00', level: 3, outcome: 'refused' },
      },
    );
  }

  // C: raised in January, its case running and waiting on the owner.
  const c = 'daily-2027-01-05';
  const open = alertRecord(
    customerId,
    storeId,
    c,
    3,
    '2027-01-05T02:00:00+08:00',
    'last visit 2026-12-01, 35 days ago',
  );
  await alerts.raise(open);
  const executionName = caseExecutionName({
    customerId,
    storeId,
    alertId: c,
    level: 3,
    identifiedAt: open.identifiedAt,
  });
  await alerts.markCaseStarted(customerId, c, executionName, '2027-01-05T02:00:05+08:00');
  await cases.update(
    customerId,
    c,
    'in_progress',
    { verifiedAt: '2027-01-05T02:01:00+08:00', holdout: false },
    { step: '01-verify', at: '2027-01-05T02:01:00+08:00', actor: 'system', what: 'verified: at risk at level 3' },
    false,
  );
  await cases.update(
    customerId,
    c,
    'in_progress',
    {
      awaiting: {
        step: 'response_plan',
        taskToken: `task-token-${n}`,
        linkId: 'link-2',
        personId: 'sm-S1',
        round: 0,
        dueBy: '2027-01-06T02:00:00+08:00',
      },
    },
    {
      step: '02-notify-0',
      at: '2027-01-05T02:02:00+08:00',
      actor: 'system',
      what: 'response plan requested from sm-S1',
    },
    false,
  );
  // The link emailed for it: it names the case, so it goes with the customer.
  const request = {
    customerId,
    alertId: c,
    step: 'response_plan',
    round: 0,
    revision: 0,
    personId: 'sm-S1',
    purpose: 'decide',
  } as const;
  await new LinkStore(doc, tables).issue({
    ...request,
    linkId: stepLinkId('fixture-secret', request),
    issuedAt: '2027-01-05T02:02:00+08:00',
    expiresAt: Date.parse('2027-01-19T02:02:00+08:00'),
    expiresAtEpoch: 1_800_000_000,
  });

  await new SnapshotStore(doc, tables).riskList('monthly-2026-12-01', Date.parse('2026-12-01T03:00:00+08:00'), [
    {
      customerId,
      storeId,
      level: 2,
      indicators: [{ id: 'visit_gap', core: true, evidence: 'last visit 2026-09-10, 82 days ago' }],
      alertId: 'monthly-2026-12-01',
    },
  ]);
  await new RejectStore(doc, tables).keep(`batch-${n}`, [
    {
      index: 0,
      field: 'amount',
      message: 'must not be negative',
      record: { eventId: `bad-${n}`, customerId, storeId, type: 'visit', at: '2026-07-01T10:00:00+08:00', amount: -1 },
    },
    {
      index: 1,
      field: 'customerId',
      message: 'must not be empty',
      record: { customerId: '', storeId, segment: 'member', contact: { phone } },
    },
    {
      index: 2,
      field: 'segment',
      message: 'expected one of "member"|"regular"',
      record: { customerId: `X-OTHER-${n}`, storeId, segment: 'vip' },
    },
  ]);

  return {
    customerId,
    storeId,
    traces: [
      customerId,
      maskedCustomer(customerId),
      phone,
      name,
      contact.email,
      contact.wechat,
      ...(refused ? [words] : []),
      ledgerCode,
      executionName,
      `task-token-${n}`,
    ],
    openAlertId: c,
    executionName,
    ledgerCode,
    refusalReason: words,
    expected: {
      customers: 1,
      contacts: 1,
      events: events.length,
      links: 1,
      snapshots: 1,
      rejects: 2,
      alerts: refused ? 3 : 2,
      audit: refused ? 10 : 8,
      ledger: 1,
      casesStopped: 1,
    },
  };
}

/** An item as the document client reads it. */
type StoredItem = Record<string, NativeAttributeValue>;

/** Every item of every table. */
export async function dumpTables(
  doc: DynamoDBDocumentClient,
  tables: TableNames,
): Promise<Record<TableKey, StoredItem[]>> {
  const dump = {} as Record<TableKey, StoredItem[]>;
  for (const key of Object.keys(TABLES) as TableKey[]) {
    dump[key] = [];
    for await (const page of paginateScan({ client: doc }, { TableName: tables[key] }))
      dump[key].push(...(page.Items ?? []));
  }
  return dump;
}

/** The items, in any table, whose JSON holds one of the strings. */
export async function itemsHolding(
  doc: DynamoDBDocumentClient,
  tables: TableNames,
  traces: readonly string[],
): Promise<Array<{ table: TableKey; trace: string; item: StoredItem }>> {
  const found: Array<{ table: TableKey; trace: string; item: StoredItem }> = [];
  for (const [table, items] of Object.entries(await dumpTables(doc, tables)) as Array<[TableKey, StoredItem[]]>) {
    for (const item of items) {
      const json = JSON.stringify(item);
      for (const trace of traces) if (json.includes(trace)) found.push({ table, trace, item });
    }
  }
  return found;
}
