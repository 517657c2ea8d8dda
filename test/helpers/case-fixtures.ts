import type { z } from 'zod';
import type { CaseRecord } from '#shared/cases/case-record.ts';
import type { CaseStepState } from '#shared/cases/case-step-input.ts';
import { StaffDirectory, staffDirectorySchema, type staffPerson } from '#shared/staff/staff-directory.ts';

/** A person as a staff file or the staff table holds them (`active` may be left out: true). */
export type StaffEntry = z.input<typeof staffPerson>;

/**
 * A chain's line above store S1: customer service and the store manager report to the head of
 * operations, as operations does; the head and the deputy GM report to the GM. The case tests
 * read these names and addresses in the mail they check.
 */
export const chainLine: readonly StaffEntry[] = [
  { id: 'gm', name: '周总', role: 'gm', stores: ['*'], email: 'gm@chain.example' },
  { id: 'dgm', name: '吴副总', role: 'deputy_gm', stores: ['*'], email: 'dgm@chain.example', supervisor: 'gm' },
  {
    id: 'ops-head',
    name: '郑经理',
    role: 'operations_head',
    stores: ['*'],
    email: 'ops@chain.example',
    supervisor: 'gm',
  },
  {
    id: 'ops-1',
    name: '孙强',
    role: 'operations',
    stores: ['S1'],
    email: 'ops1@chain.example',
    supervisor: 'ops-head',
  },
  {
    id: 'sm-1',
    name: '赵店长',
    role: 'store_manager',
    stores: ['S1'],
    email: 'sm1@chain.example',
    supervisor: 'ops-head',
  },
  {
    id: 'cs-1',
    name: '王芳',
    role: 'customer_service',
    stores: ['S1'],
    email: 'cs1@chain.example',
    supervisor: 'ops-head',
  },
];

/**
 * The people of the chain's line a test needs, in the line's order, each changed as `changes`
 * says (by id). The line's own supervisor or deputy of someone is dropped when that person is
 * left out: a directory names only its own people.
 */
export function lineOf(
  ids: readonly string[],
  changes: Readonly<Record<string, Partial<StaffEntry>>> = {},
): StaffEntry[] {
  const unknown = ids.filter((id) => !chainLine.some((person) => person.id === id));
  if (unknown.length > 0) throw new Error(`not on the chain's line: ${unknown.join(', ')}`);
  return chainLine
    .filter((person) => ids.includes(person.id))
    .map((person) => {
      const kept = { ...person };
      for (const link of ['supervisor', 'deputy'] as const)
        if (kept[link] !== undefined && !ids.includes(kept[link])) delete kept[link];
      return { ...kept, ...changes[person.id] };
    });
}

/**
 * The whole line with a longer way up from the agent, as the step rules walk it: customer service
 * and the store manager report to operations, the head of operations to the deputy GM; the store
 * manager stands in for customer service.
 */
export const staff = new StaffDirectory(
  staffDirectorySchema.parse({
    people: lineOf(
      chainLine.map((person) => person.id),
      {
        'ops-head': { supervisor: 'dgm' },
        'ops-1': { stores: ['*'] },
        'sm-1': { supervisor: 'ops-1' },
        'cs-1': { supervisor: 'ops-1', deputy: 'sm-1' },
      },
    ),
  }),
);

/** The state a waiting step of a level-1 case at store S1 starts with: the response plan, first asked. */
export function stepState(overrides: Partial<CaseStepState> = {}): CaseStepState {
  return {
    customerId: 'C0000037',
    alertId: 'daily-1',
    storeId: 'S1',
    level: 1,
    identifiedAt: '2026-11-23T02:00:00+08:00',
    verification: {
      outcome: 'confirmed',
      level: 1,
      ownerRole: 'customer_service',
      deadlines: {
        responsePlanBy: '2026-11-24T09:00:00+08:00',
        firstContactBy: '2026-11-27T00:00:00+08:00',
        trackUntil: '2027-02-21T09:00:00+08:00',
        alertDeliveryBy: '2026-11-24T09:00:00+08:00',
      },
      responsePlanSeconds: 86_400,
      holdout: false,
    },
    step: 'response_plan',
    reminder: 0,
    ...overrides,
  };
}

/** The case's alert as stored while the case runs at `level`. */
export function storedCase(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return {
    customerId: 'C0000037',
    alertId: 'daily-1',
    storeId: 'S1',
    status: 'in_progress',
    level: 1,
    indicators: [],
    revision: 0,
    ...overrides,
  };
}
