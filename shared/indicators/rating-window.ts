import type { CustomerState, RatingTarget } from '../state/customer-state.ts';
import { firstInstantAfter } from './window-count.ts';

export interface Rating {
  at: number;
  target: RatingTarget;
  score: number;
  scriptId: string;
}

/** Index range [from, to) of the ratings made in (since, until]. */
export function ratingRange(state: CustomerState, since: number, until: number): [number, number] {
  return [firstInstantAfter(state.ratings.at, since), firstInstantAfter(state.ratings.at, until)];
}

/** How many ratings of `target` at or below `maxScore` were made in (since, until]: no allocation. */
export function countLowRatings(
  state: CustomerState,
  target: RatingTarget,
  maxScore: number,
  since: number,
  until: number,
): number {
  const { target: targets, score } = state.ratings;
  const [from, to] = ratingRange(state, since, until);
  let count = 0;
  for (let i = from; i < to; i++) if (targets[i] === target && (score[i] as number) <= maxScore) count += 1;
  return count;
}

/** The ratings of `target` at or below `maxScore` made in (since, until], for the evidence. */
export function lowRatings(
  state: CustomerState,
  target: RatingTarget,
  maxScore: number,
  since: number,
  until: number,
): Rating[] {
  const { at, target: targets, score, scriptId } = state.ratings;
  const [from, to] = ratingRange(state, since, until);
  const found: Rating[] = [];
  for (let i = from; i < to; i++) {
    if (targets[i] === target && (score[i] as number) <= maxScore) {
      found.push({ at: at[i] as number, target, score: score[i] as number, scriptId: scriptId[i] as string });
    }
  }
  return found;
}
