import pMap from 'p-map';
import type { ModelBook } from '../model/model-book.ts';
import { decideAlert } from '../alerts/alert-decision.ts';
import { buildAlert, type AlertRecord } from '../alerts/alert-record.ts';
import { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { Level, Policy } from '../policy/policy-schema.ts';
import { PolicyScorer } from '../scoring/policy-scorer.ts';
import type { CustomerRecord, OpenAlert } from '../store/customer-item.ts';
import type { SegmentRequest, SegmentResult } from './scan-run.ts';
import { caseExecutionName, type CaseStart, type CaseStarter } from '../cases/case-start.ts';

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
  markCaseStarted(customerId: string, alertId: string, executionName: string, at: string): Promise<void>;
}

export interface RiskEntry {
  customerId: string;
  storeId: string;
  level: Level;
  indicators: Array<{ id: string; core: boolean; evidence: string }>;
  alertId: string;
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
  cases: CaseStarter;
  snapshots: SnapshotSink;
  policy: Policy;
  /** The fitted return models, when there are any (the model_low_return indicator reads them). */
  models?: ModelBook;
  /** Milliseconds left in this invocation; the scan stops with a `nextKey` before it runs out. */
  timeLeft: () => number;
}

/** Leave this much of the invocation for the last page's writes and the reply. */
const SAFETY_MS = 20_000;

/**
 * One segment of a parallel scan: reads each customer's item once, assesses it, raises or
 * escalates alerts, and for the monthly and weekly runs keeps what they saw.
 */
export async function scanSegment(request: SegmentRequest, deps: ScanDependencies): Promise<SegmentResult> {
  const asOf = Date.parse(request.asOf);
  const scorer = new PolicyScorer(deps.policy, deps.models ? { models: deps.models } : {});
  const calendar = new WorkingCalendar(deps.policy.calendar, scorer.clock);
  const bound = scorer.at(asOf);
  const result: SegmentResult = {
    runId: request.runId,
    segment: request.segment,
    scanned: 0,
    byLevel: [0, 0, 0, 0],
    raised: 0,
    raisedByLevel: [0, 0, 0, 0],
    escalated: 0,
    kept: 0,
    quiet: 0,
    alreadyDone: 0,
    casesStarted: 0,
    casesPending: 0,
    readUnits: 0,
  };
  // Every open alert gets its case: started right after it is raised, and by any later scan
  // that finds it not started (a start that failed is not lost, only late).
  const startCase = async (start: CaseStart): Promise<void> => {
    try {
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
      const { level } = bound.assess(subject);
      result.scanned += 1;
      result.byLevel[level] += 1;
      if (request.kind === 'weekly') {
        const counts = storeCounts.get(customer.profile.storeId) ?? [0, 0, 0, 0];
        counts[level] = (counts[level] ?? 0) + 1;
        storeCounts.set(customer.profile.storeId, counts);
      }
      const decision = decideAlert(level, customer.openAlert, customer.quiet, asOf);
      const open = customer.openAlert;
      if (open !== undefined && open.caseStarted !== true && decision !== 'raise') {
        writes.push(() =>
          startCase({
            customerId: customer.profile.customerId,
            storeId: customer.profile.storeId,
            alertId: open.alertId,
            level: open.raisedLevel,
            identifiedAt: open.identifiedAt,
          }),
        );
      }
      if (decision === 'quiet') result.quiet += 1;
      if (decision === 'none' || decision === 'quiet') continue;
      if (decision === 'keep') result.kept += 1;
      const needsScore = decision !== 'keep' || request.kind === 'monthly';
      if (!needsScore) continue;
      const score = bound.score(subject);
      const alert = buildAlert({ ...score, level: level as Level }, deps.policy, calendar, asOf, request.runId);
      if (request.kind === 'monthly') {
        risks.push({
          customerId: score.customerId,
          storeId: score.storeId,
          level: level as Level,
          indicators: score.indicators,
          alertId: decision === 'raise' ? alert.alertId : (customer.openAlert?.alertId ?? alert.alertId),
        });
      }
      if (decision === 'raise') {
        writes.push(async () => {
          if ((await deps.alerts.raise(alert)) === 'raised') {
            result.raised += 1;
            result.raisedByLevel[alert.level] += 1;
          }
          else result.alreadyDone += 1;
          await startCase(alert);
        });
      } else if (decision === 'escalate' && customer.openAlert) {
        const open = customer.openAlert;
        writes.push(async () => {
          if ((await deps.alerts.escalate(open, alert)) === 'escalated') result.escalated += 1;
          else result.alreadyDone += 1;
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
