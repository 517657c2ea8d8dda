import { z } from 'zod';
import { defineIndicatorKind } from './indicator-kind.ts';
import { formatPercent, formatYuan } from './window-count.ts';

export const spendDrop = defineIndicatorKind({
  kind: 'spend_drop',
  description: 'The last visit\'s amount is below `ratio` of the average amount of the visits before it (at least `minPrevious` of them).',
  thresholds: z.object({ ratio: z.number().gt(0).max(1), minPrevious: z.number().int().min(1) }).strict(),
  bind({ ratio, minPrevious }, asOf) {
    return ({ state }) => {
      const { last, count, spendFen } = state.visits;
      if (last === null) return null;
      const previousCount = count - 1;
      if (previousCount < minPrevious) return null;
      const averageFen = (spendFen - last.amountFen) / previousCount;
      if (averageFen <= 0 || last.amountFen >= ratio * averageFen) return null;
      // Rounded down, so the share shown is never at or above the limit it broke.
      return (
        `last visit ${asOf.date(last.at)} spent ${formatYuan(last.amountFen)} yuan, ` +
        `${Math.floor((last.amountFen / averageFen) * 100)}% of the ${formatYuan(Math.round(averageFen))} average of the ${previousCount} visits before (limit ${formatPercent(ratio)})`
      );
    };
  },
});
