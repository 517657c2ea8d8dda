import type { BreachEntry, ReportAlert, ReportSource } from '#shared/reports/build-report.ts';
import { StaffDirectory, type StaffPerson } from '#shared/staff/staff-directory.ts';

const within = (at: string | undefined, from: string | undefined, to: string | undefined) =>
  (from === undefined || (at !== undefined && at >= from)) && (to === undefined || (at !== undefined && at < to));

/** Store S1's customer-service agent, whom the report pages name. */
export const agent: StaffPerson = {
  id: 'cs-1',
  name: '王芳',
  role: 'customer_service',
  stores: ['S1'],
  email: 'cs-1@chain.example',
  active: true,
};

/**
 * A report source over what a test hands it, read as the DynamoDB source reads its tables: alerts
 * and breaches within the asked windows. Nothing else recorded unless `overrides` says so.
 */
export function inMemoryReportSource(
  records: { alerts?: readonly ReportAlert[]; breaches?: readonly BreachEntry[]; people?: readonly StaffPerson[] },
  overrides: Partial<ReportSource> = {},
): ReportSource {
  const { alerts = [], breaches = [], people = [agent] } = records;
  return {
    staffedStores: async () => ['S1'],
    staff: async () => new StaffDirectory({ people: [...people] }),
    alerts: async (filter) =>
      alerts.filter(
        (alert) =>
          within(alert.identifiedAt, filter.identifiedFrom, filter.identifiedTo) &&
          within(alert.closedAt, filter.closedFrom, filter.closedTo),
      ),
    breaches: async (from, to) => breaches.filter((entry) => within(entry.at, from, to)),
    benefitsIssued: async () => [],
    caseFacts: async () => ({ visits: [], surveys: [], benefitCost: 0 }),
    activeCore: async () => [],
    riskList: async () => ({ runId: undefined, entries: [], alerts: new Map() }),
    ...overrides,
  };
}
