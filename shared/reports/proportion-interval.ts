/** The normal quantile for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson's score interval for a proportion k/n: unlike the textbook p ± z·√(p(1−p)/n) it stays
 * within [0, 1] and keeps its coverage for the small counts a store has at level 3.
 */
export function wilsonInterval(k: number, n: number, z = Z_95): Interval | undefined {
  if (n === 0) return undefined;
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * The difference of two proportions k1/n1 − k2/n2 with Newcombe's hybrid score interval (his
 * method 10, 1998), built from the two Wilson intervals: what the uplift of a win-back effort
 * over its hold-out group is reported with.
 */
export function differenceInterval(
  k1: number,
  n1: number,
  k2: number,
  n2: number,
  z = Z_95,
): (Interval & { difference: number }) | undefined {
  const first = wilsonInterval(k1, n1, z);
  const second = wilsonInterval(k2, n2, z);
  if (first === undefined || second === undefined) return undefined;
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const difference = p1 - p2;
  return {
    difference,
    low: difference - Math.sqrt((p1 - first.low) ** 2 + (second.high - p2) ** 2),
    high: difference + Math.sqrt((first.high - p1) ** 2 + (p2 - second.low) ** 2),
  };
}
