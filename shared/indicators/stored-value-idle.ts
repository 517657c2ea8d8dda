import { z } from 'zod';
import { type CustomerState, RECENT_HORIZON_DAYS, yuanToFen } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { formatYuan } from './window-count.ts';

/** The balance after the latest stored-value event, or the file's when the member system sent none. */
function balanceFen(state: CustomerState): number {
  return state.storedValue !== null ? state.storedValue.balanceFen : (state.fromFile.storedValueFen ?? 0);
}

export const storedValueIdle = defineIndicatorKind({
  kind: 'stored_value_idle',
  description: 'Stored-value balance above `minBalance` yuan and no stored-value event in the last `idleDays`.',
  thresholds: z
    .object({ idleDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS), minBalance: z.number().min(0).default(0) })
    .strict(),
  bind({ idleDays, minBalance }, asOf) {
    const idleSince = asOf.since(idleDays);
    const minBalanceFen = yuanToFen(minBalance);
    return {
      fires: ({ state }) =>
        balanceFen(state) > minBalanceFen && (state.storedValue === null || state.storedValue.balanceAt <= idleSince),
      explain: ({ state }) => {
        const balance = formatYuan(balanceFen(state));
        const stored = state.storedValue;
        if (stored === null) return `balance ${balance} yuan, no stored-value activity on record`;
        return `balance ${balance} yuan, last used ${asOf.date(stored.balanceAt)} (${asOf.daysSince(stored.balanceAt)} days ago, limit ${idleDays})`;
      },
    };
  },
});
