import type { CaseRecord } from '#shared/cases/case-record.ts';
import type { CaseStepState } from '#shared/cases/case-step-input.ts';
import { StaffDirectory, staffDirectorySchema } from '#shared/staff/staff-directory.ts';

/** A chain's line: store S1's customer service (the manager stands in), operations above, up to the GM. */
export const staff = new StaffDirectory(
  staffDirectorySchema.parse({
    people: [
      { id: 'gm', name: '周总', role: 'gm', stores: ['*'], email: 'gm@chain.example' },
      { id: 'dgm', name: '吴副总', role: 'deputy_gm', stores: ['*'], email: 'dgm@chain.example', supervisor: 'gm' },
      {
        id: 'ops-head',
        name: '郑经理',
        role: 'operations_head',
        stores: ['*'],
        email: 'head@chain.example',
        supervisor: 'dgm',
      },
      {
        id: 'ops-1',
        name: '孙强',
        role: 'operations',
        stores: ['*'],
        email: 'ops1@chain.example',
        supervisor: 'ops-head',
      },
      {
        id: 'sm-1',
        name: '刘店长',
        role: 'store_manager',
        stores: ['S1'],
        email: 'sm1@chain.example',
        supervisor: 'ops-1',
      },
      {
        id: 'cs-1',
        name: '王芳',
        role: 'customer_service',
        stores: ['S1'],
        email: 'cs1@chain.example',
        supervisor: 'ops-1',
        deputy: 'sm-1',
      },
    ],
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
