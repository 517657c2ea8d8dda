import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { caseDeadlines } from '../deadlines/case-deadlines.ts';
import type { Level, Policy } from '../policy/policy-schema.ts';
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
  status: 'open';
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
export function buildAlert(score: CustomerScore & { level: Level }, policy: Policy, calendar: WorkingCalendar, identifiedAt: number, runId: string): AlertRecord {
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
    status: 'open',
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
