import pMap from 'p-map';
import { decideAlert } from '../alerts/alert-decision.ts';
import { type AlertRecord, buildAlert } from '../alerts/alert-record.ts';
import { WorkingCalendar } from '../calendar/working-calendar.ts';
import { type CaseStart, type CaseStarter, caseExecutionName } from '../cases/case-start.ts';
import type { CustomerRecord, OpenAlert } from '../customer/customer-record.ts';
import type { ModelBook } from '../model/model-book.ts';
import type { RiskBook } from '../model/risk-book.ts';
import type { AlertLevel, Level, Policy } from '../policy/policy-schema.ts';
import { type CasePriority, casePriority, priorityMoved } from '../queue/case-priority.ts';
import { startPace } from '../queue/start-pace.ts';
import { PolicyScorer } from '../scoring/policy-scorer.ts';
import type { QuarantinedCustomer, QuarantineSink } from './quarantined-customer.ts';
import type { SegmentRequest, SegmentResult } from './scan-run.ts';

export interface CustomerPage {
  customers: CustomerRecord[];
  /** Items of the page that could not be read as a customer: quarantined, the others go on. */
  unreadable?: QuarantinedCustomer[];
  nextKey?: Record<string, unknown>;
  readUnits: number;
}

export interface CustomerSource {
  page(segment: number, totalSegments: number, startKey?: Record<string, unknown>): Promise<CustomerPage>;
}

export interface AlertSink {
  raise(alert: AlertRecord): Promise<'raised' | 'escalated' | 'already-done'>;
  escalate(open: OpenAlert, alert: AlertRecord): Promise<'raised' | 'escalated' | 'already-done'>;
  dequeue(customerId: string, alertId: string, at: string, reason: string): Promise<'dequeued' | 'already-done'>;
  reprioritize(customerId: string, alertId: string, priority: CasePriority): Promise<void>;
  markCaseStarted(customerId: string, alertId: string, executionName: string, at: string): Promise<void>;
}

export interface RiskEntry {
  customerId: string;
  storeId: string;
  level: Level;
  indicators: Array<{ id: string; core: boolean; evidence: string }>;
  alertId: string;
  /** What is at stake if the customer is lost (shared/queue/case-priority.ts); absent on lists kept before the queue. */
  priority?: number;
}

export interface SnapshotSink {
  /** The monthly screening: every at-risk customer. */
  riskList(runId: string, asOf: number, entries: readonly RiskEntry[]): Promise<void>;
  /** The weekly summary: customers by store and level, as one part of the scan saw them. */
  storeCounts(runId: string, asOf: number, part: string, counts: ReadonlyMap<string, number[]>): Promise<void>;
}

export interface ScanDependencies {
  source: CustomerSource;
  alerts: AlertSink;
  /** Starts the case of an opened alert whose start failed before. */
  cases: CaseStarter;
  snapshots: SnapshotSink;
  policy: Policy;
  /** The fitted return models, when there are any (the model_low_return indicator reads them). */
  models?: ModelBook;
  /** The calibrated risk of every customer (the monthly fit), when there is one: what priority weighs. */
  risks?: RiskBook;
  /** Milliseconds left in this invocation; the scan stops with a `nextKey` before it runs out. */
  timeLeft: () => number;
  /** After an escalation: a step the running case waits on moves to the new level's owner at once. */
  handOver?: (customerId: string, alertId: string) => Promise<unknown>;
  /** Records customers that could not be read, scored or written; without it they are only counted. */
  quarantine?: QuarantineSink;
}

/** Leave this much of the invocation for the last page's writes and the reply. */
const SAFETY_MS = 20_000;

/** Why a queued alert left the queue without a case: the customer is no longer at risk. */
export const DEQUEUED_REASON = 'self_recovered';

/**
 * When every write of a page fails (this many or more), the table is in trouble, not the customers:
 * the segment fails and is retried, rather than quarantining a whole page for an outage.
 */
const OUTAGE_WRITES = 3;

/** Quarantined customers listed in a segment's result (all are counted and recorded): the run's state stays small. */
const QUARANTINE_LISTED = 20;

interface PlannedCustomer {
  level: AlertLevel;
  decision: ReturnType<typeof decideAlert>;
  risk?: RiskEntry;
  writes: Array<Omit<CustomerWrite, 'customerId' | 'storeId'>>;
}

/** An error's kind, never its message: messages may quote the record (JSON.parse quotes its text). */
const errorKind = (error: unknown): string => (error instanceof Error ? error.name : typeof error);

/** A write for one customer: what it writes names the field when it fails. */
interface CustomerWrite {
  customerId: string;
  storeId: string;
  field: string;
  run: () => Promise<void>;
}

/**
 * One segment of a parallel scan: reads each customer's item once, assesses it, raises or
 * escalates alerts (all raised into the work queue), re-checks queued ones (out of the queue when
 * the customer is no longer at risk, a new priority when it has moved), and for the monthly and
 * weekly runs keeps what they saw. It opens no case: segments run in parallel, and only the run's
 * last step, after all of them, sees each owner's whole queue (shared/scan/open-cases.ts).
 */
export async function scanSegment(request: SegmentRequest, deps: ScanDependencies): Promise<SegmentResult> {
  const asOf = Date.parse(request.asOf);
  const scorer = new PolicyScorer(deps.policy, deps.models ? { models: deps.models } : {});
  const calendar = new WorkingCalendar(deps.policy.calendar, scorer.clock);
  const bound = scorer.at(asOf);
  const localAsOf = scorer.clock.formatInstant(asOf);
  const result: SegmentResult = {
    runId: request.runId,
    segment: request.segment,
    scanned: 0,
    byLevel: [0, 0, 0, 0],
    raised: 0,
    dequeued: 0,
    raisedByLevel: [0, 0, 0, 0],
    escalated: 0,
    kept: 0,
    quiet: 0,
    alreadyDone: 0,
    casesStarted: 0,
    casesPending: 0,
    quarantined: 0,
    readUnits: 0,
  };
  // This segment's share of the chain's start rate: the segments run side by side.
  const pace = startPace(deps.policy.workQueue.startsPerSecond / request.totalSegments);
  // An opened alert whose case did not start (the start failed) is started by the next scan
  // that finds it: not lost, only late.
  const startCase = async (start: CaseStart): Promise<void> => {
    try {
      await pace();
      await deps.cases.start(start);
      await deps.alerts.markCaseStarted(
        start.customerId,
        start.alertId,
        caseExecutionName(start),
        new Date().toISOString(),
      );
      result.casesStarted += 1;
    } catch {
      result.casesPending += 1;
    }
  };
  const storeCounts = new Map<string, number[]>();

  /** What the scan does for one customer, worked out before anything is counted or written. */
  const planCustomer = (customer: CustomerRecord): PlannedCustomer => {
    const subject = { profile: customer.profile, state: customer.state };
    const assessment = bound.assess(subject);
    const { level } = assessment;
    const { customerId, storeId } = customer.profile;
    const open = customer.openAlert;
    const decision = decideAlert(level, open, customer.quiet, asOf);
    const planned: PlannedCustomer = { level, decision, writes: [] };
    const priorityAt = (alertLevel: Level) =>
      casePriority(
        {
          level: alertLevel,
          state: customer.state,
          asOf,
          outlook: deps.models?.outlook(subject, asOf, scorer.clock),
          reading: deps.risks?.riskOf(subject, asOf, assessment),
        },
        deps.policy,
      );

    if (open !== undefined && open.queued !== true && open.caseStarted !== true && decision !== 'raise') {
      planned.writes.push({
        field: 'case',
        run: () =>
          startCase({
            customerId,
            storeId,
            alertId: open.alertId,
            level: open.raisedLevel,
            identifiedAt: open.identifiedAt,
          }),
      });
    }
    if (decision === 'dequeue' && open !== undefined) {
      planned.writes.push({
        field: 'openAlert',
        run: async () => {
          if ((await deps.alerts.dequeue(customerId, open.alertId, localAsOf, DEQUEUED_REASON)) === 'dequeued')
            result.dequeued += 1;
          else result.alreadyDone += 1;
        },
      });
      return planned;
    }
    if (decision === 'none' || decision === 'quiet') return planned;
    // Still waiting at the same level: what is at stake moves as the customer stays away.
    if (decision === 'keep' && open?.queued === true) {
      const fresh = priorityAt(open.level);
      if (priorityMoved(open.priority, fresh.priority))
        planned.writes.push({
          field: 'openAlert.priority',
          run: () => deps.alerts.reprioritize(customerId, open.alertId, fresh),
        });
    }
    const needsScore = decision !== 'keep' || request.kind === 'monthly';
    if (!needsScore) return planned;
    const score = bound.score(subject);
    const priority = priorityAt(level as Level);
    const alert = buildAlert({ ...score, level: level as Level }, deps.policy, calendar, asOf, request.runId, priority);
    if (request.kind === 'monthly') {
      planned.risk = {
        customerId: score.customerId,
        storeId: score.storeId,
        level: level as Level,
        indicators: score.indicators,
        alertId: decision === 'raise' ? alert.alertId : (open?.alertId ?? alert.alertId),
        priority: priority.priority,
      };
    }
    if (decision === 'raise') {
      planned.writes.push({
        field: 'openAlert',
        run: async () => {
          if ((await deps.alerts.raise(alert)) === 'raised') {
            result.raised += 1;
            result.raisedByLevel[alert.level] += 1;
          } else result.alreadyDone += 1;
        },
      });
    } else if (decision === 'escalate' && open !== undefined) {
      planned.writes.push({
        field: 'openAlert',
        run: async () => {
          if ((await deps.alerts.escalate(open, alert)) === 'escalated') result.escalated += 1;
          else result.alreadyDone += 1;
          // Also when an earlier attempt escalated: its hand-over may not have happened.
          if (open.caseStarted === true && deps.handOver) await deps.handOver(customerId, open.alertId);
        },
      });
    }
    return planned;
  };

  let startKey = request.startKey;
  do {
    const page = await deps.source.page(request.segment, request.totalSegments, startKey);
    result.readUnits += page.readUnits;
    const quarantined: QuarantinedCustomer[] = [...(page.unreadable ?? [])];
    const risks: RiskEntry[] = [];
    const writes: CustomerWrite[] = [];
    for (const customer of page.customers) {
      const { customerId, storeId } = customer.profile;
      // Everything that may throw on a bad state comes first; the customer's writes, counts and
      // risk entry are taken only once all of it went through.
      let planned: PlannedCustomer;
      try {
        planned = planCustomer(customer);
      } catch (error) {
        quarantined.push({
          customerId,
          storeId,
          stage: 'score',
          field: 'state',
          reason: `cannot be assessed (${errorKind(error)})`,
        });
        continue;
      }
      const { level, decision, risk } = planned;
      result.scanned += 1;
      result.byLevel[level] += 1;
      if (request.kind === 'weekly') {
        const counts = storeCounts.get(storeId) ?? [0, 0, 0, 0];
        counts[level] = (counts[level] ?? 0) + 1;
        storeCounts.set(storeId, counts);
      }
      if (decision === 'quiet') result.quiet += 1;
      if (decision === 'keep') result.kept += 1;
      if (risk) risks.push(risk);
      writes.push(...planned.writes.map((write) => ({ customerId, storeId, ...write })));
    }
    let failedWrites = 0;
    let firstFailure: unknown;
    await pMap(
      writes,
      async (write) => {
        try {
          await write.run();
        } catch (error) {
          failedWrites += 1;
          firstFailure ??= error;
          quarantined.push({
            customerId: write.customerId,
            storeId: write.storeId,
            stage: 'write',
            field: write.field,
            reason: `could not be written (${errorKind(error)})`,
          });
        }
      },
      { concurrency: 16 },
    );
    if (failedWrites >= OUTAGE_WRITES && failedWrites === writes.length) throw firstFailure;
    if (quarantined.length > 0) {
      result.quarantined += quarantined.length;
      await deps.quarantine?.keep(request.runId, quarantined);
      const listed = result.quarantine ?? [];
      listed.push(...quarantined.slice(0, Math.max(0, QUARANTINE_LISTED - listed.length)));
      result.quarantine = listed;
    }
    if (risks.length > 0) await deps.snapshots.riskList(request.runId, asOf, risks);
    startKey = page.nextKey;
  } while (startKey !== undefined && deps.timeLeft() > SAFETY_MS);

  if (request.kind === 'weekly') {
    const part = `${request.segment}:${JSON.stringify(request.startKey ?? null)}`;
    await deps.snapshots.storeCounts(request.runId, asOf, part, storeCounts);
  }
  if (startKey !== undefined) result.nextKey = startKey;
  return result;
}
