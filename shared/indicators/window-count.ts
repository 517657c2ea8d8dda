import { firstIndexAfter } from '../state/sorted-list.ts';

/** How many items of an ascending list fall in (from, to]: two binary searches, no copying. */
export function countInWindow<T>(list: readonly T[], from: number, to: number, keyOf: (item: T) => number): number {
  return firstIndexAfter(list, to, keyOf) - firstIndexAfter(list, from, keyOf);
}

/** The items of an ascending list in (from, to]. */
export function itemsInWindow<T>(list: readonly T[], from: number, to: number, keyOf: (item: T) => number): T[] {
  return list.slice(firstIndexAfter(list, from, keyOf), firstIndexAfter(list, to, keyOf));
}

export const atOf = <T extends readonly [number, ...unknown[]]>(item: T): number => item[0];

export function formatYuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

export function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}
