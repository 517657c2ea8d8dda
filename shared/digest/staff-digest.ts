import type { AwaitingRecord, CaseRecord } from '../cases/case-record.ts';
import type { WaitingStep } from '../cases/waiting-steps.ts';
import type { StaffDirectory, StaffPerson } from '../staff/staff-directory.ts';

/** A step a case waits on, as the case records it (its `awaiting`), with the case's keys. */
export interface OpenStep {
  customerId: string;
  alertId: string;
  storeId: string;
  level: number;
  step: WaitingStep;
  /** Who is asked: the step's owner (or approver). */
  personId: string;
  /** The owner's link: it decides the step. */
  linkId: string;
  /** 0 on the first asking; n after the n-th missed deadline. */
  round: number;
  revision: number;
  approverRole?: string;
  dueBy: string;
  firstAskedAt: string;
}

/**
 * The step an open case waits on, as the digest lists it; undefined when it is not work for
 * anyone now: a step already answered (its answer on the way to the workflow), or one without a
 * deadline.
 */
export function openStepOf(
  record: Pick<CaseRecord, 'customerId' | 'alertId' | 'storeId' | 'level'> & { awaiting: AwaitingRecord },
): OpenStep | undefined {
  const { awaiting } = record;
  if (awaiting.pending !== undefined || awaiting.dueBy === undefined) return undefined;
  return {
    customerId: record.customerId,
    alertId: record.alertId,
    storeId: record.storeId,
    level: record.level,
    step: awaiting.step,
    personId: awaiting.personId,
    linkId: awaiting.linkId,
    round: awaiting.round,
    revision: awaiting.revision,
    ...(awaiting.step === 'approval' && awaiting.role ? { approverRole: awaiting.role } : {}),
    dueBy: awaiting.dueBy,
    firstAskedAt: awaiting.firstAskedAt ?? awaiting.dueBy,
  };
}

export interface DigestLine extends OpenStep {
  overdue: boolean;
}

/** What one person reads in the morning: their own open steps, and those overdue that reached them up the line. */
export interface PersonDigest {
  person: StaffPerson;
  own: DigestLine[];
  /** Overdue steps of people below them that the reminders have copied them on, with whose step it is. */
  team: Array<DigestLine & { ownerName: string }>;
}

/** Overdue first (the longest overdue at the top), then by deadline, then by case. */
function byUrgency(a: DigestLine, b: DigestLine): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const due = Date.parse(a.dueBy) - Date.parse(b.dueBy);
  if (due !== 0 && Number.isFinite(due)) return due;
  return `${a.customerId}#${a.alertId}` < `${b.customerId}#${b.alertId}` ? -1 : 1;
}

/**
 * The morning digests of the chain: for each person, the steps waiting on them (overdue first,
 * each with its deadline) and the overdue steps the reminders have sent up the line to them (the
 * same people, one level further with each missed deadline, as StaffDirectory.copiedOnReminder
 * says). People with nothing to do get no digest. A step whose owner is not in the directory any
 * more still reaches the line above nobody: it is listed under `unowned`, for operations.
 */
export function staffDigests(
  steps: readonly OpenStep[],
  staff: StaffDirectory,
  now: number,
): { digests: PersonDigest[]; unowned: DigestLine[] } {
  const byPerson = new Map<string, PersonDigest>();
  const digestOf = (person: StaffPerson): PersonDigest => {
    const known = byPerson.get(person.id);
    if (known !== undefined) return known;
    const digest: PersonDigest = { person, own: [], team: [] };
    byPerson.set(person.id, digest);
    return digest;
  };
  const unowned: DigestLine[] = [];
  for (const step of steps) {
    const dueAt = Date.parse(step.dueBy);
    const line: DigestLine = { ...step, overdue: Number.isFinite(dueAt) && dueAt <= now };
    const owner = staff.person(step.personId);
    if (owner === undefined) {
      unowned.push(line);
      continue;
    }
    digestOf(owner).own.push(line);
    if (line.overdue || step.round > 0) {
      for (const above of staff.copiedOnReminder(owner.id, step.round))
        digestOf(above).team.push({ ...line, ownerName: owner.name });
    }
  }
  const digests = [...byPerson.values()]
    .map((digest) => ({ ...digest, own: digest.own.sort(byUrgency), team: digest.team.sort(byUrgency) }))
    .sort((a, b) => (a.person.id < b.person.id ? -1 : 1));
  return { digests, unowned: unowned.sort(byUrgency) };
}
