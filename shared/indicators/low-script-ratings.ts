import { z } from 'zod';
import { RECENT_HORIZON_DAYS } from '../state/customer-state.ts';
import { defineIndicatorKind } from './indicator-kind.ts';
import { atOf, itemsInWindow } from './window-count.ts';

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
    return ({ state }) => {
      if (state.ratings.length < minScripts) return null;
      const lowest = new Map<string, number>();
      for (const [, target, score, scriptId] of itemsInWindow(state.ratings, from, asOf.at, atOf)) {
        if (target !== 'script' || score > maxScore) continue;
        const script = scriptId || UNNAMED;
        lowest.set(script, Math.min(score, lowest.get(script) ?? score));
      }
      if (lowest.size < minScripts) return null;
      const detail = [...lowest].map(([script, score]) => `${script} ${score}/5`).join(', ');
      return `${lowest.size} scripts rated ${maxScore} or lower in the last ${withinDays} days: ${detail}`;
    };
  },
});
