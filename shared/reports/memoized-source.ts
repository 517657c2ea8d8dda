import type { ReportSource } from './build-report.ts';

/**
 * A report source that reads each thing once: a scheduled run builds the chain's copy and one per
 * store from the same alerts, audit entries and events, and need not scan the tables again for each.
 */
export function memoizedSource(source: ReportSource): ReportSource {
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    if (!cache.has(key)) cache.set(key, read());
    return cache.get(key) as Promise<T>;
  };
  return {
    staffedStores: () => once('stores', () => source.staffedStores()),
    staff: () => once('staff', () => source.staff()),
    alerts: (filter) => once(`alerts ${JSON.stringify(filter)}`, () => source.alerts(filter)),
    breaches: (from, to) => once(`breaches ${from} ${to}`, () => source.breaches(from, to)),
    benefitsIssued: (from, to) => once(`benefits ${from} ${to}`, () => source.benefitsIssued(from, to)),
    caseFacts: (alert, from, to) =>
      once(`facts ${alert.customerId}#${alert.alertId} ${from} ${to}`, () => source.caseFacts(alert, from, to)),
    activeCore: (from, to) => once(`core ${from} ${to}`, () => source.activeCore(from, to)),
    riskList: (month) => once(`risk ${month}`, () => source.riskList(month)),
  };
}
