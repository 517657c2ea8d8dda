import { z } from 'zod';
import { RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { countIn } from './window-count.ts';

export const noRecentSurvey = defineIndicatorKind({
  kind: 'no_recent_survey',
  description: 'No satisfaction survey answered in the last `withinDays`.',
  thresholds: z.object({ withinDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS) }).strict(),
  bind({ withinDays }, asOf) {
    const from = asOf.since(withinDays);
    return {
      fires: ({ state }) => countIn(state.surveys, from, asOf.at) === 0,
      explain: ({ state }) => {
        const before = state.surveys.filter(([at]) => at <= from).at(-1);
        return `no satisfaction survey in the last ${withinDays} days${before ? ` (last on ${asOf.date(before[0])})` : ' (never answered one)'}`;
      },
    };
  },
});
