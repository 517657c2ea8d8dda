import { createHmac } from 'node:crypto';
import { caseExecutionName } from '../cases/case-start.ts';
import { lossReasonForm } from '../cases/waiting-steps.ts';
import type { Level } from '../policy/policy-schema.ts';
import type { KeptResultFacts } from './kept-result-facts.ts';

/**
 * Erasure on request (PIPL Art. 47, SPEC section 8): what becomes of each item about a customer.
 *
 * Deleted, because they are about the person and nothing counts them once the person is gone:
 * the customer file (`Customers`), the contact data, every event, the links emailed about their
 * cases, the risk-list rows and the rejected records that carry the id or a contact value.
 *
 * Anonymised, because closed periods' reports count them (alerts by store, level, status and
 * dates; the ledger's cost by store and date; breaches by the staff member responsible): the
 * alerts, their audit entries and their ledger entries are moved under a pseudonym nobody can
 * link back (see `pseudonymFor`), keeping only an allow-list of fields. What is not on the list
 * is gone: indicators with their evidence, the owner's answers, notes and reasons that may quote
 * the customer, task tokens, the execution name (it carries the masked id and a hash of it).
 */

/** What an erasure counts, per table (and the case executions it stopped). Deleted or anonymised, as above. */
export const ERASURE_COUNTS = [
  'customers',
  'contacts',
  'events',
  'links',
  'snapshots',
  'rejects',
  'alerts',
  'audit',
  'ledger',
  'casesStopped',
] as const;
export type ErasureCountKey = (typeof ERASURE_COUNTS)[number];
export type ErasureCounts = Record<ErasureCountKey, number>;
export const DELETED: readonly ErasureCountKey[] = ['customers', 'contacts', 'events', 'links', 'snapshots', 'rejects'];
export const ANONYMISED: readonly ErasureCountKey[] = ['alerts', 'audit', 'ledger'];

export const emptyCounts = (): ErasureCounts =>
  Object.fromEntries(ERASURE_COUNTS.map((key) => [key, 0])) as ErasureCounts;

/** Stops a case's execution (Step Functions in AWS); an execution that never started is no error. */
export interface CaseStopper {
  stop(executionName: string): Promise<'stopped' | 'not-started'>;
}

/** The prefix of every pseudonym: such an id is already anonymous, there is nothing to erase under it. */
export const ERASED_PREFIX = 'erased-';

export class NotErasableError extends Error {
  override readonly name = 'NotErasableError';
}

export function checkErasable(customerId: string): void {
  if (customerId.trim() === '') throw new NotErasableError('customerId: must not be empty');
  if (customerId.startsWith(ERASED_PREFIX))
    throw new NotErasableError(`customerId: "${customerId}" is already the pseudonym of an erased customer`);
}

/**
 * The id an anonymised case is kept under: a keyed hash of the alert, with a key drawn at random
 * for this erasure and kept only while it runs (so that a rerun moves what is left under the same
 * ids and writes nothing twice), then deleted. Without the key the id is unlinkable: not a hash
 * of the customer id, which anyone holding the id could recompute. One pseudonym per case, so
 * that even a person's cases are not linked to each other.
 */
export function pseudonymFor(erasureKey: string, alertId: string): string {
  const hex = createHmac('sha256', erasureKey).update(alertId).digest('hex');
  return `${ERASED_PREFIX}${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

type Item = Record<string, unknown>;

const OPEN = new Set(['open', 'in_progress']);

export function isOpenCase(alert: Item): boolean {
  return OPEN.has(String(alert.status ?? 'open'));
}

/**
 * The status a stopped case keeps. Not verified yet (`open`): `customer_gone`, what verify says
 * of a customer whose file is gone. Verified (`in_progress`): `erased`, so the warning still
 * counts as confirmed in the accuracy KPI of the month it was raised in, and neither stays open.
 * No `closedAt` is set: it would be the time of the erasure, which links the case to its record.
 */
export function stoppedStatus(status: unknown): 'customer_gone' | 'erased' {
  return status === 'in_progress' ? 'erased' : 'customer_gone';
}

/** The name the alert's case execution was started with (see `executionName`). */
export function caseExecutionNameOf(customerId: string, alert: Item): string {
  if (typeof alert.executionName === 'string' && alert.executionName !== '') return alert.executionName;
  const history = alert.levelHistory as Array<{ level?: Level }> | undefined;
  return caseExecutionName({
    customerId,
    storeId: String(alert.storeId),
    alertId: String(alert.alertId),
    // Named with the level it was raised at: an escalation never renames it.
    level: (history?.[0]?.level ?? alert.level) as Level,
    identifiedAt: String(alert.identifiedAt),
  });
}

/** The values a rejected record about the customer would hold: the id and the contact data (not the name: many share one). */
export function searchTerms(customerId: string, contact: Item | undefined): string[] {
  // A contact value too short to be anyone's in particular would find other people's records.
  const values = ['phone', 'email', 'wechat']
    .map((field) => contact?.[field])
    .filter((value): value is string => typeof value === 'string' && value.trim().length >= 5);
  return [...new Set([customerId, ...values])];
}

/** Whether a stored JSON text holds one of the terms as a whole string value (C-1 is not found in "C-10"). */
export function mentionsAny(json: string, terms: readonly string[]): boolean {
  return terms.some((term) => json.includes(JSON.stringify(term)));
}

const pick = (item: Item, fields: readonly string[]): Item =>
  Object.fromEntries(fields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]));

/** What an anonymised alert keeps: what the reports and the ops page count it by, nothing about the person. */
const ALERT_FIELDS = [
  'alertId',
  'storeId',
  'level',
  'band',
  'policyVersion',
  'identifiedAt',
  'runId',
  'status',
  'ownerRole',
  'ownerDepartment',
  'deadlines',
  'followUpEveryDays',
  'calendarWarning',
  // Levels with the ids of the indicators that fired (policy ids, no evidence).
  'levelHistory',
  'verifiedAt',
  'escalatedAt',
  'caseStartedAt',
  'closedAt',
  // A case that failed (its failure's cause, which may quote a record, is not kept).
  'failedAt',
  'holdout',
  'revision',
] as const;

const LOSS_CATEGORIES = new Set<string>(lossReasonForm.shape.category.options);
/** A held-out case lost at the end of its window gets this reason from the system (shared/cases/follow-up.ts), never from a person. */
const HELD_OUT_LOST = /^no visit within the tracking window, which ended \d{4}-\d{2}-\d{2}$/;
/** A refusal's reason is what the customer said: it goes, and the churn analysis counts the refusal under this. */
export const ERASED_REASON = '(erased)';

/**
 * The reason an anonymised case keeps for the churn analysis: a lost case's category (a fixed
 * list) or the system's held-out reason; a refusal's cause is the customer's words and is replaced;
 * any other (a return date, a verify note) is dropped, no report reads it.
 */
function keptOutcomeReason(status: unknown, reason: unknown): string | undefined {
  if (typeof reason !== 'string') return undefined;
  if (status === 'lost' && (LOSS_CATEGORIES.has(reason) || HELD_OUT_LOST.test(reason))) return reason;
  if (status === 'refused') return ERASED_REASON;
  return undefined;
}

/** The alert as kept under its pseudonym; an open case is stopped (see `stoppedStatus`). */
export function anonymisedAlert(alert: Item, pseudonym: string, resultFacts?: KeptResultFacts): Item {
  const status = isOpenCase(alert) ? stoppedStatus(alert.status ?? 'open') : alert.status;
  const reason = keptOutcomeReason(status, alert.outcomeReason);
  return {
    customerId: pseudonym,
    ...pick(alert, ALERT_FIELDS),
    status,
    ...(reason === undefined ? {} : { outcomeReason: reason }),
    ...(resultFacts === undefined ? {} : { resultFacts }),
  };
}

/** What an anonymised audit entry's details keep: breaches by the staff member responsible (the KPIs), approvals and the benefit's new code. */
const AUDIT_DETAILS = ['breach', 'deadline', 'responsible', 'role', 'approvedBy'] as const;

/**
 * An audit entry as kept under the case's pseudonym: which step, when, by whom (staff), and the
 * details the reports read. Its text (`what`) and every other detail go: answers, notes, the
 * customer's words, the return date, the addresses and browsers of the staff who answered.
 */
export function anonymisedAuditEntry(
  entry: Item,
  pseudonym: string,
  alertId: string,
  newCodes: ReadonlyMap<string, string>,
): Item {
  const details = (entry.details ?? {}) as Item;
  const kept = pick(details, AUDIT_DETAILS);
  const code = typeof details.code === 'string' ? newCodes.get(details.code) : undefined;
  if (code !== undefined) kept.code = code;
  return {
    caseKey: `${pseudonym}#${alertId}`,
    entryKey: entry.entryKey,
    ...pick(entry, ['step', 'at', 'actor']),
    ...(Object.keys(kept).length > 0 ? { details: kept } : {}),
  };
}

/**
 * A ledger entry as kept for finance: amount, store, benefit, approvals, date, under its case's
 * pseudonym and a new code. The old code is a hash of the customer id, the alert and the benefit,
 * so anyone who knows the id could recompute it and find the entry: it cannot stay.
 */
export function anonymisedLedgerEntry(entry: Item, pseudonym: string, newCode: string): Item {
  return {
    code: newCode,
    caseKey: `${pseudonym}#${String(entry.alertId)}`,
    customerId: pseudonym,
    ...pick(entry, ['alertId', 'storeId', 'benefitId', 'benefitName', 'costYuan', 'approvedBy', 'issuedAt']),
  };
}

/** The counts as a line for people: "deleted: customers 1, ...; anonymised: alerts 2, ...; cases stopped: 1". */
export function describeCounts(counts: ErasureCounts): string {
  const list = (keys: readonly ErasureCountKey[]) => keys.map((key) => `${key} ${counts[key]}`).join(', ');
  return `deleted: ${list(DELETED)}; anonymised: ${list(ANONYMISED)}; cases stopped: ${counts.casesStopped}`;
}
