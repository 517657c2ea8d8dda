import { z } from 'zod';
import { defineIndicatorKind } from './indicator-kind.ts';

export const modelLowReturn = defineIndicatorKind({
  kind: 'model_low_return',
  description:
    'The fitted BG/NBD model expects fewer than `expectedVisitsBelow` visits over the policy horizon, or gives P(active) below `pAliveBelow` (either or both). Never fires without a fitted model or for a customer with too little history.',
  thresholds: z
    .object({ expectedVisitsBelow: z.number().positive().optional(), pAliveBelow: z.number().gt(0).lt(1).optional() })
    .strict()
    .refine((t) => t.expectedVisitsBelow !== undefined || t.pAliveBelow !== undefined, {
      message: 'give expectedVisitsBelow, pAliveBelow or both',
    }),
  bind({ expectedVisitsBelow, pAliveBelow }, asOf) {
    const outlook = (subject: Parameters<NonNullable<typeof asOf.models>['outlook']>[0]) =>
      asOf.models?.outlook(subject, asOf.at, asOf.clock);
    return {
      fires: (subject) => {
        const seen = outlook(subject);
        if (seen === undefined || !seen.ok) return false;
        return (
          (expectedVisitsBelow !== undefined && seen.expectedVisits < expectedVisitsBelow) ||
          (pAliveBelow !== undefined && seen.pAlive < pAliveBelow)
        );
      },
      explain: (subject) => {
        const seen = outlook(subject);
        if (seen === undefined) return 'no model fitted';
        if (!seen.ok) return seen.reason;
        return `expected visits in ${seen.horizonWeeks} weeks: ${seen.expectedVisits.toFixed(2)}; P(active) ${seen.pAlive.toFixed(2)}`;
      },
    };
  },
});
