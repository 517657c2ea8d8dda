import { z } from 'zod';
import { formatMonth } from '../time/civil-day.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { firstIndexAfter } from '../state/sorted-list.ts';
import { formatYuan } from './window-count.ts';

export const spendDecliningMonths = defineIndicatorKind({
  kind: 'spend_declining_months',
  description: 'Spend in each of the last `months` complete calendar months is strictly lower than in the month before it (the as-of month excluded).',
  thresholds: z.object({ months: z.number().int().min(2).max(12) }).strict(),
  bind({ months }, asOf) {
    const compared = months + 1;
    const firstMonth = asOf.month - compared;
    // Boundaries strictly before each month, since the list search looks for "after".
    const bounds = Array.from({ length: compared + 1 }, (_, i) => asOf.monthStart(firstMonth + i) - 1);
    const labels = Array.from({ length: compared }, (_, i) => formatMonth(firstMonth + i));
    return ({ state }) => {
      const visits = state.visits.recent;
      if (visits.length === 0) return null;
      const spend: number[] = [];
      let index = firstIndexAfter(visits, bounds[0] as number, (v) => v[0]);
      for (let m = 0; m < compared; m++) {
        const end = bounds[m + 1] as number;
        let sum = 0;
        for (; index < visits.length && (visits[index] as [number, number])[0] <= end; index++) sum += (visits[index] as [number, number])[1];
        if (m > 0 && sum >= (spend[m - 1] as number)) return null;
        spend.push(sum);
      }
      return `monthly spend ${spend.map((fen, i) => `${labels[i]}: ${formatYuan(fen)}`).join(', ')} yuan, lower every month`;
    };
  },
});
