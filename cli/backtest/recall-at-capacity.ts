/**
 * Recall at capacity: of the customers who would be lost (no visit within the horizon), the share
 * that the first C cases of the queue reach, by count and by what they were worth. Only alerted
 * customers (level 1 or more) are in the queue, in each of these orders:
 *
 * - `level`: by level alone, as before the queue (ties by customer id: arbitrary but fixed).
 * - `level-then-risk`: by level, then the most likely to be lost first.
 * - `level-then-priority`: by level, then by what is at stake (risk x value) within a level.
 * - `queue`: level 3 first, then by what is at stake whatever the level (the work queue's order).
 *
 * Risk alone serves the count of lost customers reached; risk x value serves what they were
 * worth, and gives up some count for it (a frequent big spender at 60% risk before an occasional
 * one at 90%): the two recalls show the trade.
 */
export type QueueOrder = 'level' | 'level-then-risk' | 'level-then-priority' | 'queue';
export const QUEUE_ORDERS: readonly QueueOrder[] = ['level', 'level-then-risk', 'level-then-priority', 'queue'];

export interface QueueCandidate {
  customerId: string;
  level: number;
  risk: number;
  /** What the customer would spend over the horizon if they stay, in yuan. */
  value: number;
  /** risk x value, in yuan. */
  priority: number;
  lost: boolean;
}

export interface CapacityRow {
  order: QueueOrder;
  /** Cases opened: the capacity, or the alerted customers when fewer. */
  opened: number;
  /** Of them, customers who were in fact lost. */
  caught: number;
  /** caught / all lost customers, alerted or not. */
  recall: number | undefined;
  /** The value of the lost customers caught / the value of all lost customers. */
  valueRecall: number | undefined;
  /** caught / opened. */
  precision: number | undefined;
}

const byId = (a: QueueCandidate, b: QueueCandidate): number =>
  a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;

const COMPARE: Record<QueueOrder, (a: QueueCandidate, b: QueueCandidate) => number> = {
  level: (a, b) => b.level - a.level || byId(a, b),
  'level-then-risk': (a, b) => b.level - a.level || b.risk - a.risk || byId(a, b),
  'level-then-priority': (a, b) => b.level - a.level || b.priority - a.priority || byId(a, b),
  queue: (a, b) => Number(b.level === 3) - Number(a.level === 3) || b.priority - a.priority || byId(a, b),
};

export function recallAtCapacity(
  customers: readonly QueueCandidate[],
  capacity: number,
  order: QueueOrder,
): CapacityRow {
  const lostTotal = customers.filter((customer) => customer.lost).length;
  const lostValue = customers.reduce((sum, customer) => sum + (customer.lost ? customer.value : 0), 0);
  const queue = customers.filter((customer) => customer.level > 0).sort(COMPARE[order]);
  const opened = queue.slice(0, Math.max(0, Math.floor(capacity)));
  const caught = opened.filter((customer) => customer.lost).length;
  const caughtValue = opened.reduce((sum, customer) => sum + (customer.lost ? customer.value : 0), 0);
  return {
    order,
    opened: opened.length,
    caught,
    recall: lostTotal > 0 ? caught / lostTotal : undefined,
    valueRecall: lostValue > 0 ? caughtValue / lostValue : undefined,
    precision: opened.length > 0 ? caught / opened.length : undefined,
  };
}

/** "5%" of the customers, or a number of cases. */
export function parseCapacity(text: string, customers: number): number | undefined {
  const share = /^(\d+(?:\.\d+)?)%$/.exec(text.trim());
  if (share) {
    const percent = Number(share[1]);
    return percent > 0 && percent <= 100 ? Math.max(1, Math.round((percent / 100) * customers)) : undefined;
  }
  return /^\d+$/.test(text.trim()) && Number(text) > 0 ? Number(text) : undefined;
}
