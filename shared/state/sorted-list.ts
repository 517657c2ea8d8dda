/** Inserts into an ascending list at the place the comparator gives, keeping equal items in arrival order. */
export function insertSorted<T>(list: T[], item: NoInfer<T>, compare: (a: NoInfer<T>, b: NoInfer<T>) => number): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(list[mid] as T, item) <= 0) low = mid + 1;
    else high = mid;
  }
  list.splice(low, 0, item);
}

/** Index of the first item whose key is greater than `bound` in a list ascending by that key. */
export function firstIndexAfter<T>(list: readonly T[], bound: number, keyOf: (item: T) => number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keyOf(list[mid] as T) <= bound) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
