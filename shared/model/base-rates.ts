import { logit, sigmoid } from './logistic-regression.ts';
import { clampRisk } from './risk-bounds.ts';
import type { VisitPattern } from './risk-features.ts';

/**
 * The last fallback: the share of customers like this one who did not come back within the
 * horizon, in the chain's own past. "Like this one" is a cell of visit days (none yet, 1, 2, 3-4,
 * 5-9, 10+) by days since the last visit (up to 30, 90, 180, 365, more). A cell's share is pulled
 * toward the chain's overall share by CELL_PRIOR customers' worth (a cell of three customers says
 * little), and a store differs from the chain by one shift in log-odds, itself pulled toward none
 * by STORE_PRIOR customers' worth, so a store with little history reads nearly the chain's table.
 */
export interface BaseRateTable {
  /** The chain's share of customers who did not come back. */
  overall: number;
  customers: number;
  /** By cell key: [customers, did not come back]. */
  cells: Record<string, [number, number]>;
  /** By store: a shift in log-odds from the chain's cells. */
  storeShift: Record<string, number>;
}

const CELL_PRIOR = 10;
const STORE_PRIOR = 50;
const VISIT_EDGES = [1, 2, 3, 5, 10];
const RECENCY_EDGES = [30, 90, 180, 365];

export function baseRateCell(pattern: VisitPattern | undefined): string {
  if (pattern === undefined) return 'none';
  const visits = VISIT_EDGES.filter((edge) => pattern.visitDays >= edge).length;
  const recency = RECENCY_EDGES.filter((edge) => pattern.recencyDays > edge).length;
  return `${visits}|${recency}`;
}

/** Reads a cell key back as words, for the evidence a store manager sees. */
export function describeCell(key: string): string {
  if (key === 'none') return 'customers with no visit yet';
  const [visits, recency] = key.split('|').map(Number) as [number, number];
  const visitText = ['', 'one visit', 'two visits', '3-4 visits', '5-9 visits', '10 or more visits'][visits] ?? '';
  const low = recency === 0 ? 0 : (RECENCY_EDGES[recency - 1] as number);
  const high = RECENCY_EDGES[recency];
  return `customers with ${visitText}, the last ${high === undefined ? `over ${low}` : `${low}-${high}`} days ago`;
}

export function fitBaseRates(
  examples: ReadonlyArray<{ storeId: string; pattern: VisitPattern | undefined; lost: boolean }>,
): BaseRateTable | undefined {
  if (examples.length === 0) return undefined;
  const cells: Record<string, [number, number]> = {};
  let lost = 0;
  for (const example of examples) {
    const key = baseRateCell(example.pattern);
    const cell = cells[key] ?? [0, 0];
    cells[key] = cell;
    cell[0] += 1;
    if (example.lost) {
      cell[1] += 1;
      lost += 1;
    }
  }
  const table: BaseRateTable = { overall: lost / examples.length, customers: examples.length, cells, storeShift: {} };
  const byStore = new Map<string, { customers: number; lost: number; expected: number }>();
  for (const example of examples) {
    const store = byStore.get(example.storeId) ?? { customers: 0, lost: 0, expected: 0 };
    store.customers += 1;
    if (example.lost) store.lost += 1;
    store.expected += cellRate(table, baseRateCell(example.pattern));
    byStore.set(example.storeId, store);
  }
  for (const [storeId, store] of [...byStore].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const expected = store.expected / store.customers;
    const observed = (store.lost + STORE_PRIOR * expected) / (store.customers + STORE_PRIOR);
    table.storeShift[storeId] = round(logit(observed, 1e-6) - logit(expected, 1e-6));
  }
  return table;
}

function cellRate(table: BaseRateTable, key: string): number {
  const [customers, lost] = table.cells[key] ?? [0, 0];
  return (lost + CELL_PRIOR * table.overall) / (customers + CELL_PRIOR);
}

export interface BaseRateReading {
  risk: number;
  cell: string;
  /** Customers of the chain's past in the cell. */
  customers: number;
}

export function baseRateOf(table: BaseRateTable, storeId: string, pattern: VisitPattern | undefined): BaseRateReading {
  const cell = baseRateCell(pattern);
  const risk = clampRisk(sigmoid(logit(cellRate(table, cell), 1e-6) + (table.storeShift[storeId] ?? 0)));
  return { risk, cell, customers: table.cells[cell]?.[0] ?? 0 };
}

const round = (value: number): number => Math.round(value * 1e6) / 1e6;
