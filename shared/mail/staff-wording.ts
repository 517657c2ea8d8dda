import type { StaffWords } from '../time/staff-time.ts';

/** Approvers by title (Art. 15), as staff say them. */
const APPROVERS: Record<string, StaffWords> = {
  deputy_gm: { zh: '副总经理', en: 'deputy general manager' },
  gm: { zh: '总经理', en: 'general manager' },
};

export function approverTitle(role: string | undefined): StaffWords {
  return APPROVERS[role ?? 'deputy_gm'] ?? { zh: role ?? '', en: role ?? '' };
}

/**
 * A benefit with what it costs the chain. Its name comes from the policy, where it is written
 * Chinese first with English beside it ("满100减30券 30 off a spend of 100").
 */
export function benefitLine(benefit: { name: string; costYuan: number }): StaffWords {
  return { zh: `${benefit.name}（成本 ¥${benefit.costYuan}）`, en: `${benefit.name} (costs ¥${benefit.costYuan})` };
}
