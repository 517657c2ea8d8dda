import { z } from 'zod';
import type { CustomerState } from '../state/customer-state.ts';
import { formatMonth } from '../time/civil-day.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { firstInstantAfter, formatYuan } from './window-count.ts';

export const spendDecliningMonths = defineIndicatorKind({
  kind: 'spend_declining_months',
  description:
    'Spend in each of the last `months` complete calendar months is strictly lower than in the month before it (the as-of month excluded).',
  thresholds: z.object({ months: z.number().int().min(2).max(12) }).strict(),
  bind({ months }, asOf) {
    const compared = months + 1;
    const firstMonth = asOf.month - compared;
    // The last instant before each month begins: the list search looks for "after".
    const bounds = Array.from({ length: compared + 1 }, (_, i) => asOf.monthStart(firstMonth + i) - 1);
    const labels = Array.from({ length: compared }, (_, i) => formatMonth(firstMonth + i));

    /** Spend of each compared month, stopping early (null) as soon as one is not lower than the one before. */
    const monthlySpend = (state: CustomerState, stopWhenNotDeclining: boolean): number[] | null => {
      const { recentAt, recentFen } = state.visits;
      const spend: number[] = [];
      let index = firstInstantAfter(recentAt, bounds[0] as number);
      for (let m = 0; m < compared; m++) {
        const end = bounds[m + 1] as number;
        let sum = 0;
        for (; index < recentAt.length && (recentAt[index] as number) <= end; index++)
          sum += recentFen[index] as number;
        if (stopWhenNotDeclining && m > 0 && sum >= (spend[m - 1] as number)) return null;
        spend.push(sum);
      }
      return spend;
    };
    return {
      fires: ({ state }) => state.visits.recentAt.length > 0 && monthlySpend(state, true) !== null,
      explain: ({ state }) =>
        `monthly spend ${(monthlySpend(state, false) ?? []).map((fen, i) => `${labels[i]}: ${formatYuan(fen)}`).join(', ')} yuan, lower every month`,
    };
  },
});
