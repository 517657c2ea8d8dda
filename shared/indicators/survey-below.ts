import { z } from 'zod';
import { RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { atOf, itemsInWindow } from './window-count.ts';

export const surveyBelow = defineIndicatorKind({
  kind: 'survey_below',
  description: 'The latest satisfaction survey in the last `withinDays` scored below `passMark`.',
  thresholds: z.object({ withinDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS), passMark: z.number().min(1).max(100) }).strict(),
  bind({ withinDays, passMark }, asOf) {
    const from = asOf.since(withinDays);
    return ({ state }) => {
      const latest = itemsInWindow(state.surveys, from, asOf.at, atOf).at(-1);
      if (latest === undefined || latest[1] >= passMark) return null;
      return `satisfaction survey on ${asOf.date(latest[0])} scored ${latest[1]} (pass mark ${passMark})`;
    };
  },
});
