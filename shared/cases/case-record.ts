import { z } from 'zod';
import { maskedCustomer } from './execution-name.ts';
import { waitingStep } from './waiting-steps.ts';

const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);

/**
 * Where an alert stands. An alert waits in the work queue (`queued`) until its case opens (`open`),
 * or leaves it without one (`dequeued`); the case then runs (`in_progress`) to one of its ends.
 * `failed`: the case could not go on (a step failed after its retries, or nobody answered); ops were told.
 * `erased`: the customer's data was erased on request while the case ran (the case is anonymised).
 * `false_alarm`: the owner found the indicators not real (Art. 24's warning accuracy counts it).
 */
export const alertStatus = z.enum([
  'queued',
  'dequeued',
  'open',
  'in_progress',
  'self_recovered',
  'customer_gone',
  'recovered',
  'refused',
  'lost',
  'failed',
  'erased',
  'false_alarm',
]);
export type AlertStatus = z.infer<typeof alertStatus>;

/** The statuses a case moves to: every status but the queue's own. */
export type CaseStatus = Exclude<AlertStatus, 'queued' | 'dequeued'>;

/** A benefit an approver is asked about: what the approval email and page name. */
export const benefitAsked = z.object({ id: z.string(), name: z.string(), costYuan: z.number() });

/** What a case waits on, as the notify step writes it on the alert and the page reads it. */
export const awaitingRecord = z.object({
  step: waitingStep,
  taskToken: z.string().min(1),
  linkId: z.string(),
  personId: z.string(),
  round: z.number().int().min(0).default(0),
  revision: z.number().int().min(0).default(0),
  dueBy: z.string().optional(),
  firstAskedAt: z.string().optional(),
  /** When the notify attempt that wrote this began (epoch ms): an older attempt never overwrites it. */
  attemptStartedAt: z.number().optional(),
  /** The role the step was asked of (the approver's for an approval, the owner's otherwise). */
  role: z.string().optional(),
  benefit: benefitAsked.optional(),
  /** An answer handed to the workflow and not yet recorded: kept so that it is never lost (see the page). */
  pending: z
    .object({
      requestId: z.string(),
      linkId: z.string(),
      claimedAt: z.number(),
      answer: z.record(z.string(), z.unknown()),
      at: z.string(),
      from: z.string(),
      userAgent: z.string(),
    })
    .optional(),
});
export type AwaitingRecord = z.infer<typeof awaitingRecord>;
export type PendingAnswer = NonNullable<AwaitingRecord['pending']>;

/** An approver's decision, kept on the alert with the answer (the issuing step reads it). */
const approvalOnCase = z.object({
  decision: z.enum(['approve', 'reject']),
  note: z.string().optional(),
  by: z.string().optional(),
  at: z.string().optional(),
});

/** An indicator that fired, with its evidence in words: what the emails and pages show. */
const finding = z.object({ id: z.string(), core: z.boolean(), evidence: z.string(), weight: z.number().optional() });

/**
 * The alert's item in the Alerts table as the case workflow reads it: the alert the scan raised
 * (shared/alerts/alert-record.ts), and what the case steps wrote on it since. Alerts raised before
 * a field existed, and a case not yet verified, lack most of them: only the keys, the status and
 * the level are required. Anything else on the item (the priority's parts, the opening) is left
 * out of the parse.
 */
export const caseRecord = z.object({
  customerId: z.string().min(1),
  alertId: z.string().min(1),
  storeId: z.string().min(1),
  status: alertStatus,
  /** The level now: verify may set it, a scan that finds the customer worse raises it (Art. 12). */
  level,
  identifiedAt: z.string().optional(),
  indicators: z.array(finding).default([]),
  /**
   * As the scan and then verify worked them out. The steps take their deadlines from the
   * workflow's state; the page falls back to the answer's time when one is missing.
   */
  deadlines: z
    .object({
      alertDeliveryBy: z.string(),
      responsePlanBy: z.string(),
      firstContactBy: z.string(),
      trackUntil: z.string(),
    })
    .partial()
    .optional(),
  /** The level's terms as the alert was raised or last escalated with them (the steps work them out from the level). */
  ownerRole: z.string().optional(),
  ownerDepartment: z.string().optional(),
  followUpEveryDays: z.number().optional(),
  policyVersion: z.string().optional(),
  runId: z.string().optional(),
  band: z.string().optional(),
  /** What is at stake: the work queue's order after level 3. */
  priority: z.number().optional(),
  /** Each level the alert has had, newest last: raised, then escalations. */
  levelHistory: z
    .array(
      z.object({ level, at: z.string(), runId: z.string().optional(), indicators: z.array(z.string()).optional() }),
    )
    .optional(),
  escalatedAt: z.string().optional(),
  calendarWarning: z.string().optional(),
  /** The plan's revision: 1, 2... after each rejected benefit. */
  revision: z.number().int().min(0).default(0),
  awaiting: awaitingRecord.optional(),
  /** Kept with the response plan: the chosen benefit (or `none`) and the owner's word on the indicators. */
  strategy: z.string().optional(),
  indicatorsConfirmed: z.enum(['yes', 'no']).optional(),
  approval_deputy_gm: approvalOnCase.optional(),
  approval_gm: approvalOnCase.optional(),
  /** The owner was told of this issued benefit: a retried issuing step does not tell them again. */
  benefitTold: z.object({ code: z.string(), at: z.string() }).optional(),
  holdout: z.boolean().optional(),
  /** When the alert left the queue for its case, the case's execution, and when it started. */
  openedAt: z.string().optional(),
  executionName: z.string().optional(),
  caseStartedAt: z.string().optional(),
  verifiedAt: z.string().optional(),
  closedAt: z.string().optional(),
  outcomeReason: z.string().optional(),
  failedAt: z.string().optional(),
  failure: z.object({ error: z.string(), cause: z.string() }).optional(),
});
export type CaseRecord = z.infer<typeof caseRecord>;

/**
 * A stored case that does not read as one. Its message names the alert (the customer masked: the
 * id may be a phone number) and the fields at fault, never their values, so it may be logged and
 * may travel in a workflow's error cause.
 */
export class CaseRecordError extends Error {
  override readonly name = 'CaseRecordError';
  readonly caseKey: string;
  readonly fields: readonly string[];

  constructor(caseKey: string, issues: readonly z.core.$ZodIssue[]) {
    const fields = issues.map((issue) => issue.path.map(String).join('.') || '(the item)');
    super(
      `the stored case ${caseKey} does not read: ${issues.map((issue, i) => `${fields[i]}: ${issue.message}`).join('; ')}`,
    );
    this.caseKey = caseKey;
    this.fields = fields;
  }
}

/** The alert's keys as a log may show them: `C0****71#daily-1`. */
export function maskedCaseKey(item: unknown): string {
  const { customerId, alertId } = (item ?? {}) as { customerId?: unknown; alertId?: unknown };
  return `${typeof customerId === 'string' ? maskedCustomer(customerId) : '?'}#${typeof alertId === 'string' ? alertId : '?'}`;
}

/** Parses a stored item with `schema` (the case record, or the part of it a projected read holds). */
export function parseStoredCase<T extends z.ZodType>(schema: T, item: unknown): z.output<T> {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  throw new CaseRecordError(maskedCaseKey(item), parsed.error.issues);
}

/** A stored case, parsed; a CaseRecordError names what is wrong with it. */
export const parseCaseRecord = (item: unknown): CaseRecord => parseStoredCase(caseRecord, item);
