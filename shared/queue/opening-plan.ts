import type { Policy } from '../policy/policy-schema.ts';
import { type StaffDirectory, StaffingGapError } from '../staff/staff-directory.ts';
import type { DayNumber } from '../time/civil-day.ts';
import { compareQueued } from './case-priority.ts';
import { newCasesPerDay, workInHand } from './owner-capacity.ts';
import type { QueueEntry } from './queue-entry.ts';

/**
 * The person a case of a role and store goes to, as the case steps find them
 * (StaffDirectory.holderOf): capacity is counted per that person, because that is whose day fills
 * up. A second holder of the role for the store adds nothing while the steps send every case to
 * the first; a head of operations over every store has one day for all of them.
 */
export interface OwnerLoad {
  /** The person's id, or `nobody:<role>@<store>` when nobody holds the role there (a staffing gap: nothing opens). */
  key: string;
  role: string;
  staffed: boolean;
  /** The stores whose alerts and cases come to this owner. */
  storeIds: string[];
  newCasesPerDay: number;
  /** At most this many open at once; undefined: no limit. */
  workInHand: number | undefined;
  /** Cases opened for this working day and still open. */
  openedToday: number;
  /** Cases of theirs open now. */
  open: number;
  /** What the day and the desk still allow. */
  free: number;
  /** Opened by this plan. */
  opening: number;
  /** Left waiting after this plan. */
  waiting: number;
}

export type QueuedEntry = QueueEntry & { state: 'queued' };

export interface PlacedAlert extends QueuedEntry {
  owner: string;
  ownerRole: string;
  /** Place in the owner's line: for an opening, before this plan; for a waiting alert, after it (1 = next to open). */
  position: number;
}

export interface OpeningPlan {
  /** The working day whose intake this plan fills. */
  workday: DayNumber;
  /** To open, level 3 first, then most at stake. */
  open: PlacedAlert[];
  /** Still waiting, each owner's line in order. */
  queue: PlacedAlert[];
  owners: OwnerLoad[];
}

export interface PlanContext {
  policy: Pick<Policy, 'owners' | 'workQueue'>;
  staff: StaffDirectory;
  /** The working day of the run: the as-of date, or the next working day when the scan runs on a day off. */
  today: DayNumber;
  /** The working day a case opened at this instant counts against (the same rule as `today`). */
  workdayOf: (instant: string) => DayNumber | undefined;
  /** Open none (to show the lines as they stand, e.g. on a report). */
  openNone?: boolean;
}

/**
 * Which queued alerts open now: for each owner, free capacity is the day's intake not yet used
 * (cases opened for this working day and still open) and, with a desk limit, the room on their
 * desk; their line is filled in order (level 3 first, then most at stake). A pure function of
 * the alerts as stored, so running it again after some openings plans only what is left.
 */
export function planOpening(entries: readonly QueueEntry[], context: PlanContext): OpeningPlan {
  const { policy, staff, today, workdayOf } = context;
  const everything = policy.workQueue.open === 'everything';
  const owners = new Map<string, OwnerLoad>();
  const ownerOf = (role: string, storeId: string): OwnerLoad => {
    let key: string;
    let staffed = true;
    try {
      key = staff.holderOf(role, storeId).id;
    } catch (error) {
      if (!(error instanceof StaffingGapError)) throw error;
      key = `nobody:${role}@${storeId}`;
      staffed = false;
    }
    let owner = owners.get(key);
    if (owner === undefined) {
      owner = {
        key,
        role,
        staffed,
        storeIds: [],
        newCasesPerDay: newCasesPerDay(policy, role),
        workInHand: workInHand(policy, role),
        openedToday: 0,
        open: 0,
        free: 0,
        opening: 0,
        waiting: 0,
      };
      owners.set(key, owner);
    }
    if (!owner.storeIds.includes(storeId)) owner.storeIds.push(storeId);
    return owner;
  };

  const lines = new Map<string, QueuedEntry[]>();
  for (const entry of entries) {
    // The owner of the level the alert is at now: an escalation hands it on (SPEC section 3).
    const owner = ownerOf(policy.owners[entry.level].role, entry.storeId);
    if (entry.state === 'open') {
      owner.open += 1;
      if (entry.openedAt !== undefined && workdayOf(entry.openedAt) === today) owner.openedToday += 1;
    } else {
      const line = lines.get(owner.key) ?? [];
      line.push(entry as QueuedEntry);
      lines.set(owner.key, line);
    }
  }

  const open: PlacedAlert[] = [];
  const queue: PlacedAlert[] = [];
  for (const owner of [...owners.values()].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    owner.storeIds.sort();
    const line = [...(lines.get(owner.key) ?? [])].sort(compareQueued);
    const day = owner.newCasesPerDay - owner.openedToday;
    const desk = owner.workInHand === undefined ? Number.POSITIVE_INFINITY : owner.workInHand - owner.open;
    // "Open everything" is the behaviour before the queue: every waiting alert opens (a case with
    // nobody to own it then fails at its first step, and ops are told). Within capacity, it waits.
    owner.free = everything ? line.length : !owner.staffed ? 0 : Math.max(0, Math.min(day, desk));
    owner.opening = context.openNone ? 0 : Math.min(owner.free, line.length);
    owner.waiting = line.length - owner.opening;
    line.forEach((entry, index) => {
      const placed = { ...entry, owner: owner.key, ownerRole: owner.role };
      if (index < owner.opening) open.push({ ...placed, position: index + 1 });
      else queue.push({ ...placed, position: index + 1 - owner.opening });
    });
  }
  return {
    workday: today,
    open: open.sort(compareQueued),
    queue,
    owners: [...owners.values()].sort((a, b) => (a.key < b.key ? -1 : 1)),
  };
}
