import { z } from 'zod';

/** Thresholds of a "the last window against the window before it" indicator. */
export function windowComparisonThresholds(maxWindowDays: number) {
  return z
    .object({
      windowDays: z.number().int().min(1).max(maxWindowDays),
      ratio: z.number().gt(0).max(1),
      minPrevious: z.number().int().min(1),
    })
    .strict();
}
