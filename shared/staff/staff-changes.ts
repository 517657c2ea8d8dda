import type { StaffPerson } from './staff-directory.ts';

export interface StaffChanges {
  /** People to write as the file has them (new, or changed). */
  put: StaffPerson[];
  /** People on the table who are not in the file: made inactive, never deleted (the audit trail names them). */
  deactivate: StaffPerson[];
  unchanged: number;
}

/**
 * What loading a staff file changes: the file is the directory from now on. A person left out is
 * deactivated rather than deleted, and a mail-delivery mark from SES is kept unless the file
 * changes that person's address (a new address deserves a new try).
 */
export function staffChanges(current: readonly StaffPerson[], file: readonly StaffPerson[]): StaffChanges {
  const byId = new Map(current.map((person) => [person.id, person]));
  const inFile = new Set(file.map((person) => person.id));
  const put: StaffPerson[] = [];
  let unchanged = 0;
  for (const person of file) {
    const before = byId.get(person.id);
    const keepMark = before?.undeliverable && before.email.toLowerCase() === person.email.toLowerCase();
    const next = keepMark ? { ...person, undeliverable: before.undeliverable } : person;
    if (before && JSON.stringify(sorted(before)) === JSON.stringify(sorted(next))) unchanged += 1;
    else put.push(next);
  }
  const deactivate = current
    .filter((person) => !inFile.has(person.id) && person.active)
    .map((person) => ({ ...person, active: false }));
  return { put, deactivate, unchanged };
}

const sorted = (person: StaffPerson) => Object.fromEntries(Object.entries(person).sort(([a], [b]) => (a < b ? -1 : 1)));
