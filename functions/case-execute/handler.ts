import { SESClient } from '@aws-sdk/client-ses';
import middy from '@middy/core';
import { z } from 'zod';
import { BenefitLedger } from '#shared/adapters/dynamodb/benefit-ledger.ts';
import { loadStaffDirectory } from '#shared/adapters/dynamodb/staff-store.ts';
import { SesMailer } from '#shared/adapters/ses/ses-mailer.ts';
import { issuedKey, rejectedKey } from '#shared/cases/audit-keys.ts';
import { caseLevelNow } from '#shared/cases/case-level.ts';
import { caseKeyOf, caseStepState } from '#shared/cases/case-step-input.ts';
import { approvalsOn, approverOn, decideExecution } from '#shared/cases/execute-plan.ts';
import { dueWhenAsked } from '#shared/cases/step-deadline.ts';
import { benefitIssuedEmail } from '#shared/mail/benefit-issued-email.ts';
import { sesRegion } from '#shared/mail/ses-region.ts';
import { customerReference } from '#shared/privacy/customer-reference.ts';
import { policyNow, workflowSecondsUntil } from '#shared/time/time-scale.ts';
import { caseRuntime, linkSecret, required } from '../case-runtime.ts';
import { logger } from '../logger.ts';
import { caseCorrelation } from '../middleware/case-correlation.ts';
import { observe } from '../middleware/observe.ts';
import { parseEvent } from '../middleware/parse-event.ts';
import { traced } from '../tracer.ts';

const runtime = await caseRuntime();
const ledger = new BenefitLedger(runtime.doc, runtime.tables);
const mailer = new SesMailer(traced(new SESClient({ maxAttempts: 5, ...sesRegion() })), required('MAIL_FROM'));
const referenceKey = await linkSecret();

export const executeEvent = z.object({ state: caseStepState, plan: z.object({ strategy: z.string() }) });
export type ExecuteEvent = z.infer<typeof executeEvent>;

export interface ExecuteOutput {
  action: 'none' | 'rejected' | 'approve' | 'issued';
  approverRole?: string;
  /** For an approval: what the approver is asked to approve. */
  benefit?: { id: string; name: string; costYuan: number };
  code?: string;
  wait?: { seconds: number; reminder: number; dueBy: string };
}

/** Step 3, execute: issue the plan's benefit when its approvals are all there, or ask for the next one. */
export async function execute({ state, plan }: ExecuteEvent): Promise<ExecuteOutput> {
  const { cases, clock, calendar, policy } = runtime;
  const alert = await cases.alert(state.customerId, state.alertId);
  // At the case's level now: an escalated case issues from the new level's catalogue (Art. 12).
  const { level } = caseLevelNow(policy, alert?.level, state.verification.level);
  const decision = decideExecution(plan.strategy, policy, level, approvalsOn(alert));
  const now = policyNow();
  const at = clock.formatInstant(now);
  if (decision.action === 'approve') {
    const due = dueWhenAsked(policy, calendar, 'approval', now);
    const { id, name, costYuan } = decision.benefit;
    return {
      action: 'approve',
      approverRole: decision.approverRole,
      benefit: { id, name, costYuan },
      wait: { seconds: workflowSecondsUntil(due, now), reminder: 0, dueBy: clock.formatInstant(due) },
    };
  }
  if (decision.action === 'issue') {
    const code = await ledger.issue({
      customerId: state.customerId,
      alertId: state.alertId,
      storeId: state.storeId,
      benefitId: decision.benefit.id,
      benefitName: decision.benefit.name,
      costYuan: decision.benefit.costYuan,
      approvedBy: decision.approvedBy,
      issuedAt: at,
    });
    await cases.audit(state.customerId, state.alertId, {
      step: issuedKey(decision.benefit.id),
      at,
      actor: 'system',
      what: `issued ${decision.benefit.id} (¥${decision.benefit.costYuan}) as ${code}`,
      details: { code, approvedBy: decision.approvedBy, level },
    });
    logger.info('benefit issued', { caseKey: caseKeyOf(state), code, cost: decision.benefit.costYuan });
    // The owner hands the code to the customer. Told once: a retried step finds the mark and sends nothing.
    if (alert?.benefitTold?.code !== code) {
      const owner = (await loadStaffDirectory(runtime.doc, runtime.tables)).ownerOf(
        policy.owners[level].role,
        state.storeId,
      );
      await mailer.send(
        benefitIssuedEmail({
          to: owner.email,
          ownerName: owner.name,
          customerLabel: customerReference(state.customerId, referenceKey),
          storeId: state.storeId,
          level,
          benefit: decision.benefit,
          code,
          approvedBy: decision.approvedBy,
        }),
      );
      await cases.markOwnerToldOfBenefit(state.customerId, state.alertId, code, at);
    }
    return { action: 'issued', code };
  }
  if (decision.action === 'rejected') {
    // Art. 15-16: a rejection goes back to the owner, who revises the plan by its own deadline.
    await cases.audit(state.customerId, state.alertId, {
      step: rejectedKey(alert?.revision ?? 0),
      at,
      actor: approverOn(alert, decision.by),
      what: `benefit ${decision.benefit.id} rejected by the ${decision.by}; the plan goes back to the owner`,
    });
    await cases.startRevision(state.customerId, state.alertId);
    // The revised plan is due as a plan is: the full period again.
    const due = dueWhenAsked(policy, calendar, 'response_plan', now);
    return {
      action: 'rejected',
      wait: { seconds: workflowSecondsUntil(due, now), reminder: 0, dueBy: clock.formatInstant(due) },
    };
  }
  return { action: 'none' };
}

export const handler = middy<ExecuteEvent, ExecuteOutput>()
  .use(observe())
  .use(caseCorrelation())
  .use(parseEvent(executeEvent))
  .handler(execute);
