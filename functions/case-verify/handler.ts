import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { CaseStore } from '#shared/adapters/dynamodb/case-store.ts';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { tableNamesFromEnv } from '#shared/adapters/table-specs.ts';
import { WorkingCalendar } from '#shared/calendar/working-calendar.ts';
import { VERIFY_KEY } from '#shared/cases/audit-keys.ts';
import { type CaseExecutionInput, caseExecutionInput } from '#shared/cases/case-input.ts';
import { inHoldout } from '#shared/cases/holdout.ts';
import { verifyCase } from '#shared/cases/verify-case.ts';
import { policyNow, workflowSecondsUntil } from '#shared/time/time-scale.ts';
import { ZonedClock } from '#shared/time/zoned-clock.ts';
import { countCaseClosed } from '../case-closed-metric.ts';
import { logger } from '../logger.ts';
import { metrics } from '../metrics.ts';
import { caseCorrelation } from '../middleware/case-correlation.ts';
import { observe } from '../middleware/observe.ts';
import { parseEvent } from '../middleware/parse-event.ts';
import { policyFromEnv } from '../policy-from-env.ts';
import { tracedDocumentClient } from '../tracer.ts';

const tables = tableNamesFromEnv();
const doc = tracedDocumentClient();
const policy = policyFromEnv();
const clock = new ZonedClock(policy.timeZone);
const calendar = new WorkingCalendar(policy.calendar, clock);
const cases = new CaseStore(doc, tables);
const customers = new CustomerEventWriter(doc, tables, { retentionDays: policy.retention.eventDays });

export interface VerifyOutput {
  outcome: 'self_recovered' | 'customer_gone' | 'confirmed';
  closed: boolean;
  reason?: string;
  level?: number;
  ownerRole?: string;
  /** Instants with offset (RFC 3339), for the workflow's Wait and task timeouts. */
  deadlines?: { alertDeliveryBy: string; responsePlanBy: string; firstContactBy: string; trackUntil: string };
  followUpEveryDays?: number;
  /** Seconds until the response plan is due, for the wait on it (Step Functions knows no dates there). */
  responsePlanSeconds?: number;
  /** In the hold-out group: tracked, never contacted (the evaluation's measure of what the effort adds). */
  holdout?: boolean;
  /** For a held-out case: when its first follow-up is. */
  track?: { seconds: number; round: number };
}

/** Step 1, verify (Art. 16 (1)): re-score the customer as of now; close a case that resolved itself. */
export async function verify(input: CaseExecutionInput): Promise<VerifyOutput> {
  const now = policyNow();
  const at = clock.formatInstant(now);
  metrics.addMetric('CasesVerified', MetricUnit.Count, 1);
  const verdict = verifyCase(input, await customers.read(input.customerId), policy, calendar, now);
  if (verdict.outcome !== 'confirmed') {
    await cases.update(
      input.customerId,
      input.alertId,
      verdict.outcome,
      { closedAt: at, outcomeReason: verdict.reason },
      {
        step: VERIFY_KEY,
        at,
        actor: 'system',
        what: `verified: ${verdict.outcome}`,
        details: { reason: verdict.reason },
      },
      true,
    );
    countCaseClosed(verdict.outcome);
    logger.info('case closed at verify', {
      customerId: input.customerId,
      alertId: input.alertId,
      outcome: verdict.outcome,
    });
    return { outcome: verdict.outcome, closed: true, reason: verdict.reason };
  }
  const deadlines = {
    alertDeliveryBy: clock.formatInstant(verdict.deadlines.alertDeliveryBy),
    responsePlanBy: clock.formatInstant(verdict.deadlines.responsePlanBy),
    firstContactBy: clock.formatInstant(verdict.deadlines.firstContactBy),
    trackUntil: clock.formatInstant(verdict.deadlines.trackUntil),
  };
  // The hold-out draw is by the month the alert was raised in, so a customer stays in one arm for it.
  const holdout = inHoldout(input.customerId, input.identifiedAt.slice(0, 7), policy.evaluation.holdoutShare);
  await cases.update(
    input.customerId,
    input.alertId,
    'in_progress',
    {
      verifiedAt: at,
      level: verdict.level,
      indicators: verdict.score.indicators,
      ownerRole: verdict.deadlines.ownerRole,
      deadlines,
      holdout,
    },
    {
      step: VERIFY_KEY,
      at,
      actor: 'system',
      what: `verified: at risk at level ${verdict.level}${holdout ? '; held out (tracked, not contacted)' : ''}`,
      details: {
        indicators: verdict.score.indicators.map((finding) => finding.id),
        levelChanged: verdict.levelChanged,
      },
    },
    false,
  );
  return {
    outcome: 'confirmed',
    closed: false,
    level: verdict.level,
    ownerRole: verdict.deadlines.ownerRole,
    deadlines,
    followUpEveryDays: verdict.deadlines.followUpEveryDays,
    responsePlanSeconds: workflowSecondsUntil(verdict.deadlines.responsePlanBy, now),
    holdout,
    ...(holdout
      ? {
          track: {
            seconds: workflowSecondsUntil(now + verdict.deadlines.followUpEveryDays * 86_400_000, now),
            round: 0,
          },
        }
      : {}),
  };
}

export const handler = middy<CaseExecutionInput, VerifyOutput>()
  .use(observe())
  .use(caseCorrelation())
  .use(logMetrics(metrics))
  .use(parseEvent(caseExecutionInput))
  .handler(verify);
