import { z } from 'zod';
import { RECENT_HORIZON_DAYS, yuanToFen } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { formatYuan } from './window-count.ts';

export const storedValueIdle = defineIndicatorKind({
  kind: 'stored_value_idle',
  description: 'Stored-value balance above `minBalance` yuan and no stored-value event in the last `idleDays`.',
  thresholds: z.object({ idleDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS), minBalance: z.number().min(0).default(0) }).strict(),
  bind({ idleDays, minBalance }, asOf) {
    const idleSince = asOf.since(idleDays);
    const minBalanceFen = yuanToFen(minBalance);
    return ({ profile, state }) => {
      const stored = state.storedValue;
      const balanceFen = stored !== null ? stored.balanceFen : yuanToFen(profile.membership?.storedValueBalance ?? 0);
      if (balanceFen <= minBalanceFen) return null;
      if (stored === null) return `balance ${formatYuan(balanceFen)} yuan, no stored-value activity on record`;
      if (stored.lastEventAt > idleSince) return null;
      return `balance ${formatYuan(balanceFen)} yuan, last used ${asOf.date(stored.lastEventAt)} (${asOf.daysSince(stored.lastEventAt)} days ago, limit ${idleDays})`;
    };
  },
});
