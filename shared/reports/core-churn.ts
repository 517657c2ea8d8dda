/** A store's core-customer churn over a period (Art. 24: at most 5%). */
export interface CoreChurnRow {
  storeId: string;
  /** Core customers who visited in the year before the period began: the ones the store could lose. */
  activeCore: number;
  /** Of them, those whose case closed lost or refused in the period. */
  churned: number;
  rate: number | undefined;
  target: number;
  mark: 'meets' | 'misses' | 'no cases';
}

const CHURNED = new Set(['lost', 'refused']);

/**
 * Core-customer churn per store, from recorded outcomes rather than guessed from silence: a core
 * customer counts as churned when the case the chain worked ended lost or refused in the period.
 * A customer with two such cases counts once.
 */
export function coreChurn(
  activeCore: ReadonlyArray<{ customerId: string; storeId: string }>,
  closedInPeriod: ReadonlyArray<{ customerId: string; status: string }>,
  stores: readonly string[],
  target: number,
): CoreChurnRow[] {
  const churnedIds = new Set(closedInPeriod.filter((c) => CHURNED.has(c.status)).map((c) => c.customerId));
  return stores.map((storeId) => {
    const base = activeCore.filter((customer) => customer.storeId === storeId);
    const churned = base.filter((customer) => churnedIds.has(customer.customerId)).length;
    const rate = base.length ? churned / base.length : undefined;
    return {
      storeId,
      activeCore: base.length,
      churned,
      rate,
      target,
      mark: rate === undefined ? 'no cases' : rate <= target ? 'meets' : 'misses',
    };
  });
}
