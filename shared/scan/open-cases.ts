import { type CaseStarter, caseExecutionName } from '../cases/case-start.ts';
import type { Policy } from '../policy/policy-schema.ts';
import { intakeDays } from '../queue/intake-day.ts';
import type { MailBudget } from '../queue/mail-budget.ts';
import { planOpening } from '../queue/opening-plan.ts';
import type { QueueEntry } from '../queue/queue-entry.ts';
import { startPace } from '../queue/start-pace.ts';
import type { StaffDirectory } from '../staff/staff-directory.ts';
import { ZonedClock } from '../time/zoned-clock.ts';
import type { OpenCasesResult } from './scan-run.ts';

/** The queued alerts and the open cases of the whole chain, as stored now (a consistent read). */
export interface WorkSource {
  /** `unreadable`: stored alerts that do not parse (named, never opened, never blocking the rest). */
  work(): Promise<{ entries: QueueEntry[]; unreadable: string[] }>;
}

/** How a queued alert left the queue for its case: by which run, at which place in its owner's line, with what at stake then. */
export interface Opening {
  at: string;
  runId: string;
  owner: string;
  position: number;
  priority: number;
}

export interface CaseOpener {
  /** Queued -> open, once: `not-queued` when it is not queued any more. */
  open(customerId: string, alertId: string, opening: Opening): Promise<'opened' | 'not-queued'>;
  markCaseStarted(customerId: string, alertId: string, executionName: string, at: string): Promise<void>;
}

export interface OpenCasesDependencies {
  work: WorkSource;
  alerts: CaseOpener;
  cases: CaseStarter;
  staff: () => Promise<StaffDirectory>;
  policy: Policy;
  /** Milliseconds left in this invocation; the step stops with `more` before it runs out. */
  timeLeft: () => number;
  /** Waits for the next start's turn (defaults to the policy's start rate, or the mail budget's when slower). */
  pace?: () => Promise<void>;
  /** What SES lets this run's new cases send (shared/queue/mail-budget.ts); none: the policy's pace alone. */
  mailBudget?: () => Promise<MailBudget>;
  /** Told the alerts (customerId#alertId) whose stored record does not parse. */
  onUnreadable?: (keys: readonly string[]) => void;
  /**
   * Closes the open cases whose execution is not running any more, so that they free their
   * customer and their owner's room; returns how many it closed.
   */
  reconcile?: (open: readonly QueueEntry[]) => Promise<number>;
}

/** Leave this much of the invocation for the opening under way and the reply. */
const SAFETY_MS = 20_000;

/**
 * The scan run's last step: after every segment has raised its alerts, plans which queued alerts
 * open (each owner's free capacity, their line in order) from the Alerts table as it stands, and
 * opens them one start at a time at the policy's start rate.
 *
 * Safe to run again, and to resume: the plan is made from what is stored, so a retry (or the next
 * invocation, when this one ran out of time) counts what an earlier attempt opened as today's
 * intake and opens only what is left; opening is a conditional write (queued -> open) and a case
 * execution is named after its alert, so nothing opens or starts twice. An opened alert whose
 * start fails stays an open case; the next scan starts it.
 */
export async function openCases(
  request: { runId: string; asOf: string },
  deps: OpenCasesDependencies,
): Promise<OpenCasesResult> {
  const { policy } = deps;
  const asOf = Date.parse(request.asOf);
  const days = intakeDays(policy);
  const at = new ZonedClock(policy.timeZone).formatInstant(asOf);
  const budget = deps.mailBudget ? await deps.mailBudget() : undefined;
  const pace = deps.pace ?? startPace(budget?.startsPerSecond ?? policy.workQueue.startsPerSecond);
  // Cases the account's mail can still carry today: the rest stay queued, in order, for the next scan.
  let mailRoom = budget?.casesAtMost ?? Number.POSITIVE_INFINITY;
  const staff = await deps.staff();
  // Cases that ended outside their workflow first: they hold places nobody works.
  const reconciled = deps.reconcile
    ? await deps.reconcile((await deps.work.work()).entries.filter((entry) => entry.state === 'open'))
    : 0;
  let result: OpenCasesResult | undefined;
  let rounds = 0;
  // A place planned for an alert that had left the queue goes to the next in line: plan again.
  do {
    const { entries, unreadable } = await deps.work.work();
    const plan = planOpening(entries, { policy, staff, today: days.of(asOf), workdayOf: days.ofText });
    result = {
      runId: request.runId,
      waiting: result?.waiting ?? plan.open.length + plan.queue.length,
      owners: plan.owners.length,
      planned: (result?.planned ?? 0) + plan.open.length,
      opened: result?.opened ?? 0,
      pending: result?.pending ?? 0,
      skipped: result?.skipped ?? 0,
      heldForMail: result?.heldForMail ?? 0,
      queued: plan.queue.length,
      unstaffed: plan.owners.filter((owner) => !owner.staffed && owner.waiting > 0).map((owner) => owner.key),
      unreadable: unreadable.length,
      reconciled,
    };
    deps.onUnreadable?.(unreadable);
    const skippedBefore = result.skipped;
    for (const [index, entry] of plan.open.entries()) {
      if (mailRoom < 1) {
        result.heldForMail += plan.open.length - index;
        result.queued += plan.open.length - index;
        break;
      }
      if (deps.timeLeft() < SAFETY_MS) {
        result.more = true;
        return result;
      }
      const { customerId, alertId, storeId } = entry;
      const opened = await deps.alerts.open(customerId, alertId, {
        at,
        runId: request.runId,
        owner: entry.owner,
        position: entry.position,
        priority: entry.priority,
      });
      if (opened === 'not-queued') {
        // Gone from the queue since it was read: the customer came back, was erased, or a run
        // overlapping this one opened it first.
        result.skipped += 1;
        continue;
      }
      mailRoom -= 1;
      const start = { customerId, storeId, alertId, level: entry.raisedLevel, identifiedAt: entry.identifiedAt };
      try {
        await pace();
        await deps.cases.start(start);
        await deps.alerts.markCaseStarted(customerId, alertId, caseExecutionName(start), new Date().toISOString());
        result.opened += 1;
      } catch {
        result.pending += 1;
      }
    }
    if (mailRoom < 1 || result.skipped === skippedBefore) break;
  } while (++rounds < MAX_ROUNDS);
  return result;
}

/** Rounds of planning at most: each after places went to alerts that had left the queue. */
const MAX_ROUNDS = 3;
