import { z } from 'zod';
import type { CustomerState } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { formatPercent, formatYuan } from './window-count.ts';

/** The average amount (fen) of the visits before the last one. */
function previousAverage({ visits }: CustomerState): number {
  return (visits.spendFen - (visits.last?.amountFen ?? 0)) / (visits.count - 1);
}

export const spendDrop = defineIndicatorKind({
  kind: 'spend_drop',
  description:
    "The last visit's amount is below `ratio` of the average amount of the visits before it (at least `minPrevious` of them).",
  thresholds: z.object({ ratio: z.number().gt(0).max(1), minPrevious: z.number().int().min(1) }).strict(),
  bind({ ratio, minPrevious }, asOf) {
    return {
      fires: ({ state }) => {
        const { last, count } = state.visits;
        if (last === null || count - 1 < minPrevious) return false;
        const average = previousAverage(state);
        return average > 0 && last.amountFen < ratio * average;
      },
      explain: ({ state }) => {
        const last = state.visits.last ?? { at: 0, amountFen: 0 };
        const average = previousAverage(state);
        // Rounded down, so the share shown is never at or above the limit it broke.
        return (
          `last visit ${asOf.date(last.at)} spent ${formatYuan(last.amountFen)} yuan, ` +
          `${Math.floor((last.amountFen / average) * 100)}% of the ${formatYuan(Math.round(average))} average of the ` +
          `${state.visits.count - 1} visits before (limit ${formatPercent(ratio)})`
        );
      },
    };
  },
});
