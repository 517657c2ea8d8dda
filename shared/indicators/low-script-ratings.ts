import { z } from 'zod';
import { type CustomerState, RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { countLowRatings, lowRatings } from './rating-window.ts';

/** Ratings that name no script count as one unnamed script: two of them may be the same one. */
const UNNAMED = '(script not named)';

export const lowScriptRatings = defineIndicatorKind({
  kind: 'low_script_ratings',
  description: 'At least `minScripts` different scripts rated `maxScore` or lower in the last `withinDays`.',
  thresholds: z
    .object({
      withinDays: z.number().int().min(1).max(RECENT_HORIZON_DAYS),
      maxScore: z.number().int().min(1).max(5),
      minScripts: z.number().int().min(1),
    })
    .strict(),
  bind({ withinDays, maxScore, minScripts }, asOf) {
    const from = asOf.since(withinDays);
    /** Each low-rated script with its lowest score. */
    const lowRated = (state: CustomerState): Map<string, number> => {
      const lowest = new Map<string, number>();
      for (const { scriptId, score } of lowRatings(state, 'script', maxScore, from, asOf.at)) {
        const script = scriptId || UNNAMED;
        lowest.set(script, Math.min(score, lowest.get(script) ?? score));
      }
      return lowest;
    };
    return {
      // Most customers rate nothing low: count before building the set of distinct scripts.
      fires: ({ state }) =>
        state.ratings.at.length >= minScripts &&
        countLowRatings(state, 'script', maxScore, from, asOf.at) >= minScripts &&
        lowRated(state).size >= minScripts,
      explain: ({ state }) => {
        const lowest = lowRated(state);
        const detail = [...lowest].map(([script, score]) => `${script} ${score}/5`).join(', ');
        return `${lowest.size} scripts rated ${maxScore} or lower in the last ${withinDays} days: ${detail}`;
      },
    };
  },
});
