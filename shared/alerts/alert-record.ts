import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { caseDeadlines } from '../deadlines/case-deadlines.ts';
import type { Level, Policy } from '../policy/policy-schema.ts';
import type { CasePriority, PriorityParts } from '../queue/case-priority.ts';
import type { CustomerScore, Finding } from '../scoring/policy-scorer.ts';

/** An alert as stored and as sent on to its case (Art. 13: customer, indicators, level, owner, deadlines). */
export interface AlertRecord {
  customerId: string;
  alertId: string;
  storeId: string;
  level: Level;
  band?: string;
  indicators: Finding[];
  policyVersion: string;
  identifiedAt: string;
  runId: string;
  /**
   * `queued`: raised and waiting in the work queue for an owner with capacity (no case yet);
   * `open`: its case is opened (the case steps move it on from there).
   */
  status: 'queued' | 'open';
  /** What is at stake if the customer is lost (yuan over the policy horizon): the queue's order after level 3. Absent on alerts raised before the queue. */
  priority?: number;
  /** Why: the risk and the value it multiplies, and where each came from. */
  priorityParts?: PriorityParts;
  ownerRole: string;
  ownerDepartment: string;
  deadlines: {
    alertDeliveryBy: string;
    responsePlanBy: string;
    firstContactBy: string;
    trackUntil: string;
  };
  followUpEveryDays: number;
  calendarWarning?: string;
  /** Each level the alert has had, newest last: raised, then escalations. */
  levelHistory: Array<{ level: Level; at: string; runId: string; indicators: string[] }>;
}

/** The alert for a score, with the owner and every deadline worked out in the policy's working days. */
export function buildAlert(
  score: CustomerScore & { level: Level },
  policy: Policy,
  calendar: WorkingCalendar,
  identifiedAt: number,
  runId: string,
  priority?: CasePriority,
): AlertRecord {
  const due = caseDeadlines(policy, calendar, score.level, identifiedAt);
  const local = (instant: number): string => calendar.clock.formatInstant(instant);
  const at = local(identifiedAt);
  return {
    customerId: score.customerId,
    // One alert per customer per run at most: a scan delivered twice writes the same alert.
    alertId: runId,
    storeId: score.storeId,
    level: score.level,
    ...(score.band === undefined ? {} : { band: score.band }),
    indicators: score.indicators,
    policyVersion: score.policyVersion,
    identifiedAt: at,
    runId,
    // Every alert waits for the run's opening step, which opens it when its owner has room (or
    // at once, when the policy opens everything).
    status: 'queued',
    ...(priority === undefined ? {} : { priority: priority.priority, priorityParts: priority.parts }),
    ownerRole: due.ownerRole,
    ownerDepartment: due.ownerDepartment,
    deadlines: {
      alertDeliveryBy: local(due.alertDeliveryBy),
      responsePlanBy: local(due.responsePlanBy),
      firstContactBy: local(due.firstContactBy),
      trackUntil: local(due.trackUntil),
    },
    followUpEveryDays: due.followUpEveryDays,
    ...(due.calendarWarning === undefined ? {} : { calendarWarning: due.calendarWarning }),
    levelHistory: [{ level: score.level, at, runId, indicators: score.indicators.map((finding) => finding.id) }],
  };
}
