import { z } from 'zod';
import { caseExecutionInput } from './case-input.ts';
import { benefitAsked } from './case-record.ts';
import { waitingStep } from './waiting-steps.ts';

/** The state a case step receives from the workflow: the alert's keys, what verify found, the round of reminders. */
export const caseStepState = caseExecutionInput.extend({
  verification: z.object({
    outcome: z.literal('confirmed'),
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    ownerRole: z.string(),
    deadlines: z.object({
      responsePlanBy: z.string(),
      firstContactBy: z.string(),
      trackUntil: z.string(),
      alertDeliveryBy: z.string(),
    }),
    responsePlanSeconds: z.number().int().min(1),
    /** In the hold-out group: tracked, never contacted. */
    holdout: z.boolean().default(false),
  }),
  /** The step the case waits on. */
  step: waitingStep.default('response_plan'),
  /** For an approval: whose (deputy_gm, gm). */
  approverRole: z.string().optional(),
  /** For an approval: the benefit asked for. */
  benefit: benefitAsked.optional(),
  /** 0 for the first notice, then one more for each missed deadline. */
  reminder: z.number().int().min(0).default(0),
});
export type CaseStepState = z.infer<typeof caseStepState>;

export const caseKeyOf = (state: { customerId: string; alertId: string }): string =>
  `${state.customerId}#${state.alertId}`;
