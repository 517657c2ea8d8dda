import { z } from 'zod';
import { isoInstant } from '../customer/iso-instant.ts';

/** The input every case execution starts with (caseInput): the alert's keys. */
export const caseExecutionInput = z.object({
  customerId: z.string().min(1),
  alertId: z.string().min(1),
  storeId: z.string().min(1),
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  identifiedAt: isoInstant,
});
export type CaseExecutionInput = z.infer<typeof caseExecutionInput>;
