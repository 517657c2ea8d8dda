import { z } from 'zod';
import type { Level, Policy } from '../policy/policy-schema.ts';

/**
 * The steps a case waits on a person for, each answered through a link (Art. 13, 16): what is
 * asked, by when, and the form that answers it. One definition drives the email, the page, the
 * audit entry and the deadline.
 */
export const waitingStep = z.enum(['response_plan', 'contact', 'approval', 'loss_reason']);
export type WaitingStep = z.infer<typeof waitingStep>;

export interface StepDeadlines {
  responsePlanBy: string;
  firstContactBy: string;
  trackUntil: string;
}

export const WAITING_STEPS: Record<
  WaitingStep,
  { order: string; titleZh: string; titleEn: string; ask: string; deadlineOf: (deadlines: StepDeadlines) => string }
> = {
  response_plan: {
    order: '02',
    titleZh: '响应计划',
    titleEn: 'Response plan',
    ask: '请提交响应计划 Submit the response plan',
    deadlineOf: (deadlines) => deadlines.responsePlanBy,
  },
  contact: {
    order: '04',
    titleZh: '首次联系',
    titleEn: 'First contact',
    ask: '请记录与顾客的首次联系 Record the first contact with the customer',
    deadlineOf: (deadlines) => deadlines.firstContactBy,
  },
  loss_reason: {
    order: '08',
    titleZh: '流失原因',
    titleEn: 'Reason for the loss',
    ask: '请填写顾客流失原因 Record why the customer was lost',
    deadlineOf: (deadlines) => deadlines.trackUntil,
  },
  approval: {
    order: '06',
    titleZh: '福利审批',
    titleEn: 'Benefit approval',
    ask: '请审批挽回福利 Approve or reject the benefit',
    deadlineOf: (deadlines) => deadlines.firstContactBy,
  },
};

/** The owner's response plan (Art. 13): are the indicators real, the likely cause, the chosen strategy. */
export function responsePlanForm(policy: Policy, level: Level) {
  const benefits = policy.strategies[level].benefits.map((benefit) => benefit.id);
  return z.object({
    indicatorsConfirmed: z.enum(['yes', 'no'], { message: 'say whether the indicators are real' }),
    likelyCause: z.string().trim().min(2, 'name the likely cause').max(500),
    strategy: z.enum(['none', ...benefits] as [string, ...string[]], {
      message: `choose from the level ${level} catalogue`,
    }),
  });
}

/** The first contact (Art. 16 (2), 17): how it went, what the customer said, the cause. */
export const contactForm = z.object({
  result: z.enum(['reached', 'unreachable', 'refused'], { message: 'say how the contact went' }),
  said: z.string().trim().max(1000).default(''),
  cause: z.string().trim().min(2, 'name the cause the customer gave, or your reading of it').max(500),
});

/** An approver's decision on a benefit above the pre-approved limit (Art. 15). */
export const approvalForm = z.object({
  decision: z.enum(['approve', 'reject'], { message: 'approve or reject' }),
  note: z.string().trim().max(500).default(''),
});

/** Why a customer was lost (Art. 17): a category the churn analysis groups by, and the owner's words. */
export const lossReasonForm = z.object({
  category: z.enum(['price', 'scripts', 'service', 'environment', 'moved', 'competitor', 'no_time', 'other'], {
    message: 'choose a reason',
  }),
  note: z.string().trim().max(500).default(''),
});

export function formFor(step: WaitingStep, policy: Policy, level: Level) {
  if (step === 'response_plan') return responsePlanForm(policy, level);
  if (step === 'loss_reason') return lossReasonForm;
  return step === 'contact' ? contactForm : approvalForm;
}
