import { WorkingCalendar } from '../../shared/calendar/working-calendar.ts';
import type { Policy } from '../../shared/policy/policy-schema.ts';
import { newCasesPerDay } from '../../shared/queue/owner-capacity.ts';
import type { StaffDirectory } from '../../shared/staff/staff-directory.ts';
import { ZonedClock } from '../../shared/time/zoned-clock.ts';

/** A customer the monthly scan finds at risk: who, where, at which level. */
export interface AtRisk {
  customerId: string;
  storeId: string;
  level: 1 | 2 | 3;
}

/** One month of a chain's scans: who was at risk at its end, and its working days. */
export interface ScanMonth {
  atRisk: readonly AtRisk[];
  workingDays: number;
}

export interface MonthVolume {
  atRisk: number;
  /** Cases opened in the month. */
  opened: number;
  /** At risk, not worked, and left waiting at the month's end. */
  queued: number;
}

/**
 * How many cases a chain opens month by month, from who its scans find at risk: every at-risk
 * customer without a case in hand (`open: everything`), or as many as each owner's intake allows
 * (newCasesPerDay x the month's working days, `within-capacity`), level 3 first. A customer worked
 * is not opened again while their case runs (the tracking window) and the quiet period after it.
 *
 * A month-grained model for costing, not the queue itself (shared/queue/ plans day by day, by
 * priority, and also caps the work in hand, which only lowers these figures).
 */
export function caseVolume(months: readonly ScanMonth[], policy: Policy, staff: StaffDirectory): MonthVolume[] {
  const busyMonths = Math.ceil(
    (policy.deadlines.trackingWindowDays + Math.min(...Object.values(policy.deadlines.quietDaysAfterClose))) / 30,
  );
  const workedIn = new Map<string, number>();
  return months.map(({ atRisk, workingDays }, month) => {
    const eligible = atRisk.filter(({ customerId }) => {
      const worked = workedIn.get(customerId);
      return worked === undefined || month - worked >= busyMonths;
    });
    const room = new Map<string, number>();
    let opened = 0;
    for (const customer of [...eligible].sort((a, b) => b.level - a.level)) {
      const role = policy.owners[customer.level].role;
      let owner: string;
      try {
        owner = staff.ownerOf(role, customer.storeId).id;
      } catch {
        continue; // nobody to work it: it waits (the scan reports the owner unstaffed)
      }
      const left =
        room.get(owner) ??
        (policy.workQueue.open === 'everything'
          ? Number.POSITIVE_INFINITY
          : newCasesPerDay(policy, role) * workingDays);
      if (left < 1) continue;
      room.set(owner, left - 1);
      workedIn.set(customer.customerId, month);
      opened += 1;
    }
    return { atRisk: atRisk.length, opened, queued: eligible.length - opened };
  });
}

/** Working days of the policy's calendar in [from, to) (epoch ms), counted by local date. */
export function workingDaysBetween(policy: Pick<Policy, 'timeZone' | 'calendar'>, from: number, to: number): number {
  const clock = new ZonedClock(policy.timeZone);
  const calendar = new WorkingCalendar(policy.calendar, clock);
  let days = 0;
  for (let day = clock.dayOf(from); day < clock.dayOf(to); day++) if (calendar.isWorkingDay(day)) days += 1;
  return days;
}
