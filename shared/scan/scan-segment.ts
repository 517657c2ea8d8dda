import pMap from 'p-map';
import type { ModelBook } from '../model/model-book.ts';
import type { RiskBook } from '../model/risk-book.ts';
import { decideAlert } from '../alerts/alert-decision.ts';
import { buildAlert, type AlertRecord } from '../alerts/alert-record.ts';
import { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { Level, Policy } from '../policy/policy-schema.ts';
import { PolicyScorer } from '../scoring/policy-scorer.ts';
import type { CustomerRecord, OpenAlert } from '../store/customer-item.ts';
import type { SegmentRequest, SegmentResult } from './scan-run.ts';
import { caseExecutionName, type CaseStart, type CaseStarter } from '../cases/case-start.ts';
import { casePriority, priorityMoved, type CasePriority } from '../queue/case-priority.ts';
import { startPace } from '../queue/start-pace.ts';

export interface CustomerPage {
  customers: CustomerRecord[];
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
}

/** Leave this much of the invocation for the last page's writes and the reply. */
const SAFETY_MS = 20_000;

/** Why a queued alert left the queue without a case: the customer is no longer at risk. */
export const DEQUEUED_REASON = 'self_recovered';

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
      await deps.alerts.markCaseStarted(start.customerId, start.alertId, caseExecutionName(start), new Date().toISOString());
      result.casesStarted += 1;
    } catch {
      result.casesPending += 1;
    }
  };
  const storeCounts = new Map<string, number[]>();
  let startKey = request.startKey;
  do {
    const page = await deps.source.page(request.segment, request.totalSegments, startKey);
    result.readUnits += page.readUnits;
    const risks: RiskEntry[] = [];
    const writes: Array<() => Promise<void>> = [];
    for (const customer of page.customers) {
      const subject = { profile: customer.profile, state: customer.state };
      const assessment = bound.assess(subject);
      const { level } = assessment;
      result.scanned += 1;
      result.byLevel[level] += 1;
      if (request.kind === 'weekly') {
        const counts = storeCounts.get(customer.profile.storeId) ?? [0, 0, 0, 0];
        counts[level] = (counts[level] ?? 0) + 1;
        storeCounts.set(customer.profile.storeId, counts);
      }
      const { customerId, storeId } = customer.profile;
      const open = customer.openAlert;
      const decision = decideAlert(level, open, customer.quiet, asOf);
      const priorityAt = (alertLevel: Level) =>
        casePriority(
          { level: alertLevel, state: customer.state, asOf, outlook: deps.models?.outlook(subject, asOf, scorer.clock), reading: deps.risks?.riskOf(subject, asOf, assessment) },
          deps.policy,
        );

      if (open !== undefined && open.queued !== true && open.caseStarted !== true && decision !== 'raise') {
        writes.push(() => startCase({ customerId, storeId, alertId: open.alertId, level: open.raisedLevel, identifiedAt: open.identifiedAt }));
      }
      if (decision === 'dequeue' && open !== undefined) {
        writes.push(async () => {
          if ((await deps.alerts.dequeue(customerId, open.alertId, localAsOf, DEQUEUED_REASON)) === 'dequeued') result.dequeued += 1;
          else result.alreadyDone += 1;
        });
        continue;
      }
      if (decision === 'quiet') result.quiet += 1;
      if (decision === 'none' || decision === 'quiet') continue;
      if (decision === 'keep') result.kept += 1;
      // Still waiting at the same level: what is at stake moves as the customer stays away.
      if (decision === 'keep' && open?.queued === true) {
        const fresh = priorityAt(open.level);
        if (priorityMoved(open.priority, fresh.priority)) writes.push(() => deps.alerts.reprioritize(customerId, open.alertId, fresh));
      }
      const needsScore = decision !== 'keep' || request.kind === 'monthly';
      if (!needsScore) continue;
      const score = bound.score(subject);
      const priority = priorityAt(level as Level);
      const alert = buildAlert({ ...score, level: level as Level }, deps.policy, calendar, asOf, request.runId, priority);
      if (request.kind === 'monthly') {
        risks.push({
          customerId: score.customerId,
          storeId: score.storeId,
          level: level as Level,
          indicators: score.indicators,
          alertId: decision === 'raise' ? alert.alertId : (open?.alertId ?? alert.alertId),
          priority: priority.priority,
        });
      }
      if (decision === 'raise') {
        writes.push(async () => {
          if ((await deps.alerts.raise(alert)) === 'raised') {
            result.raised += 1;
            result.raisedByLevel[alert.level] += 1;
          } else result.alreadyDone += 1;
        });
      } else if (decision === 'escalate' && open !== undefined) {
        writes.push(async () => {
          if ((await deps.alerts.escalate(open, alert)) === 'escalated') result.escalated += 1;
          else result.alreadyDone += 1;
          // Also when an earlier attempt escalated: its hand-over may not have happened.
          if (open.caseStarted === true && deps.handOver) await deps.handOver(customerId, open.alertId);
        });
      }
    }
    await pMap(writes, (write) => write(), { concurrency: 16 });
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
