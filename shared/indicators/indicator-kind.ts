import type { z } from 'zod';
import type { ScoringSubject } from '../customer/scoring-subject.ts';
import type { AsOf } from './as-of.ts';

/**
 * An indicator bound to thresholds and an as-of moment. `fires` is what a scan runs for every
 * customer, so it builds no strings; `explain` writes the evidence a store manager reads, and
 * runs only for the customers an alert is raised for.
 */
export interface BoundIndicator {
  fires(subject: ScoringSubject): boolean;
  explain(subject: ScoringSubject): string;
}

/**
 * A kind of warning indicator: its thresholds (policy data, validated by zod) and how to bind
 * them to an as-of moment. Binding happens once per run.
 */
export interface IndicatorKind<Schema extends z.ZodType = z.ZodType> {
  kind: string;
  /** One line for the policy's JSON Schema and for the catalogue in docs/policies.md. */
  description: string;
  thresholds: Schema;
  bind(thresholds: z.infer<Schema>, asOf: AsOf): BoundIndicator;
}

export function defineIndicatorKind<Schema extends z.ZodType>(kind: IndicatorKind<Schema>): IndicatorKind<Schema> {
  return kind;
}
