import type { Policy } from '../policy/policy-schema.ts';
import type { StaffDirectory } from '../staff/staff-directory.ts';
import { intakeDays } from './intake-day.ts';
import { type OwnerLoad, type PlacedAlert, planOpening } from './opening-plan.ts';
import { type QueueEntry, queueEntrySchema } from './queue-entry.ts';

export interface QueueLines {
  /** Each waiting alert with its owner and place in their line, by `customerId#alertId`. */
  waiting: ReadonlyMap<string, PlacedAlert>;
  owners: readonly OwnerLoad[];
}

/**
 * The work queue as it stands, for the pages and reports that show it: the stored alerts put in
 * each owner's line in the order the opening step opens them (level 3 first, then most at stake).
 * Alerts that are not queued or open (closed, dequeued) and records that do not parse are left out.
 */
export function queueLines(
  alerts: ReadonlyArray<Record<string, unknown>>,
  policy: Pick<Policy, 'owners' | 'workQueue' | 'timeZone' | 'calendar'>,
  staff: StaffDirectory,
  /** With a moment, each owner's load says what they opened that working day and what room is left. */
  asOf?: number,
): QueueLines {
  const entries: QueueEntry[] = [];
  for (const alert of alerts) {
    const parsed = queueEntrySchema.safeParse(alert);
    if (parsed.success) entries.push(parsed.data);
  }
  // Today's openings are done (the scan's last step made them): what remains is the line as it stands.
  const days = intakeDays(policy);
  const plan = planOpening(entries, {
    policy,
    staff,
    today: asOf === undefined ? -1 : days.of(asOf),
    workdayOf: asOf === undefined ? () => undefined : days.ofText,
    openNone: true,
  });
  return {
    waiting: new Map(plan.queue.map((placed) => [`${placed.customerId}#${placed.alertId}`, placed])),
    owners: plan.owners,
  };
}
