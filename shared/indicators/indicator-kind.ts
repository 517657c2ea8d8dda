import type { z } from 'zod';
import type { CustomerProfile } from '../customer/customer-file-schema.ts';
import type { CustomerState } from '../state/customer-state.ts';
import type { AsOf } from './as-of.ts';

/** What an indicator sees: the profile fields the rules read, and the aggregated state. */
export interface ScoringSubject {
  profile: Pick<CustomerProfile, 'customerId' | 'storeId' | 'segment' | 'core' | 'membership'>;
  state: CustomerState;
}

/** Returns the evidence when the indicator fires, null when it does not. */
export type BoundIndicator = (subject: ScoringSubject) => string | null;

/**
 * A kind of warning indicator: its thresholds (policy data, validated by zod) and how to bind
 * them to an as-of moment. Binding happens once per run; the bound function runs per customer.
 */
export interface IndicatorKind<Schema extends z.ZodType = z.ZodType> {
  kind: string;
  /** One line for the policy's JSON Schema and for the README's catalogue. */
  description: string;
  thresholds: Schema;
  bind(thresholds: z.infer<Schema>, asOf: AsOf): BoundIndicator;
}

export function defineIndicatorKind<Schema extends z.ZodType>(kind: IndicatorKind<Schema>): IndicatorKind<Schema> {
  return kind;
}
