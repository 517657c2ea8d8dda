/**
 * Window searches over the state's ascending lists. Each list shape has its own loop on purpose:
 * a shared loop with a key callback was an eighth of the scoring time.
 */
type Timed = readonly [number, ...unknown[]];

/** Index of the first entry whose instant (first element) is after `bound`. */
export function firstAfter(list: ReadonlyArray<Timed>, bound: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid] as Timed)[0] <= bound) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** How many entries fall in (from, to]. */
export function countIn(list: ReadonlyArray<Timed>, from: number, to: number): number {
  return firstAfter(list, to) - firstAfter(list, from);
}

/** The entries in (from, to]. */
export function entriesIn<T extends Timed>(list: readonly T[], from: number, to: number): T[] {
  return list.slice(firstAfter(list, from), firstAfter(list, to));
}

export function firstInstantAfter(list: readonly number[], bound: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid] as number) <= bound) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function countInstantsIn(list: readonly number[], from: number, to: number): number {
  return firstInstantAfter(list, to) - firstInstantAfter(list, from);
}

export function formatYuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

export function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}
