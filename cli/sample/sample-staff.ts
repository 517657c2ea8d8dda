import type { StaffDirectoryData, StaffPerson } from '../../shared/staff/staff-directory.ts';

/**
 * The staff of a sample chain: a GM, a deputy GM and a head of operations over every store, and
 * in each store a customer-service agent, an operations lead and the store manager, and one person
 * per store for each other owner role the policy names (`ownerRoles`, e.g. marketing), so that
 * every owner and approver a case can need is someone with a mailbox (`@<domain>`).
 */
export function sampleStaff(
  storeIds: readonly string[],
  ownerRoles: readonly string[] = [],
  domain = 'chain.example',
): StaffDirectoryData {
  const person = (id: string, name: string, role: string, stores: string[], supervisor?: string): StaffPerson => ({
    id,
    name,
    role,
    stores,
    email: `${id}@${domain}`,
    ...(supervisor ? { supervisor } : {}),
    active: true,
  });
  const people: StaffPerson[] = [
    person('gm', '周总', 'gm', ['*']),
    person('dgm', '吴副总', 'deputy_gm', ['*'], 'gm'),
    person('ops-head', '郑经理', 'operations_head', ['*'], 'gm'),
  ];
  const given = ['芳', '强', '敏', '磊', '静', '涛', '娜', '勇', '霞'];
  storeIds.forEach((storeId, i) => {
    const n = storeId.replace(/\D/g, '') || String(i + 1);
    people.push(
      person(`cs-${n}`, `王${given[(i * 3) % given.length]}`, 'customer_service', [storeId], 'ops-head'),
      person(`ops-${n}`, `孙${given[(i * 3 + 1) % given.length]}`, 'operations', [storeId], 'ops-head'),
      person(`sm-${n}`, `赵${given[(i * 3 + 2) % given.length]}`, 'store_manager', [storeId], 'ops-head'),
    );
  });
  const known = new Set(people.map((p) => p.role));
  for (const role of new Set(ownerRoles)) {
    if (known.has(role)) continue;
    storeIds.forEach((storeId, i) => {
      const n = storeId.replace(/\D/g, '') || String(i + 1);
      people.push(
        person(`${role.replace(/_/g, '-')}-${n}`, `钱${given[i % given.length]}`, role, [storeId], 'ops-head'),
      );
    });
  }
  return { people };
}
