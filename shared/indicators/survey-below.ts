import { z } from 'zod';
import { type CustomerState, RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { entriesIn } from './window-count.ts';

export const surveyBelow = defineIndicatorKind({
  kind: 'survey_below',
  description: 'The latest satisfaction survey in the last `withinDays` scored below `passMark`.',
  thresholds: z
    .object({ withinDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS), passMark: z.number().min(1).max(100) })
    .strict(),
  bind({ withinDays, passMark }, asOf) {
    const from = asOf.since(withinDays);
    const latest = (state: CustomerState) => entriesIn(state.surveys, from, asOf.at).at(-1);
    return {
      fires: ({ state }) => {
        if (state.surveys.length === 0) return false;
        const survey = latest(state);
        return survey !== undefined && survey[1] < passMark;
      },
      explain: ({ state }) => {
        const [at, score] = latest(state) ?? [0, 0];
        return `satisfaction survey on ${asOf.date(at)} scored ${score} (pass mark ${passMark})`;
      },
    };
  },
});
