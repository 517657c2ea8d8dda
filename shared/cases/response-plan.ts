import { z } from 'zod';
import type { Level, Policy } from '../policy/policy-schema.ts';

/** The owner's response plan (Art. 13): are the indicators real, the likely cause, the chosen strategy. */
export function responsePlanForm(policy: Policy, level: Level) {
  const benefits = policy.strategies[level].benefits.map((benefit) => benefit.id);
  return z.object({
    indicatorsConfirmed: z.enum(['yes', 'no'], { message: 'say whether the indicators are real' }),
    likelyCause: z.string().trim().min(2, 'name the likely cause').max(500),
    strategy: z.enum(['none', ...benefits] as [string, ...string[]], { message: `choose from the level ${level} catalogue` }),
  });
}
export type ResponsePlan = z.infer<ReturnType<typeof responsePlanForm>>;
