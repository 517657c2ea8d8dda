import type { PolicyInput } from '../policy-schema.ts';
import { bothSegments } from './both-segments.ts';

/**
 * Esports venues, seed 001, chapter 4: indicators weighted by their effect on churn, summed to a
 * risk score, banded low / mid / high. The seed leaves the weights to the company; these are ours.
 */
export const esports: PolicyInput = {
  id: 'esports',
  version: 'esports/2026.1',
  name: '电竞公司客户流失管理规定 (esports venues)',
  validFrom: '2026-01-01',
  timeZone: 'Asia/Shanghai',
  indicators: [
    // 消费频率降低
    {
      id: 'frequency_down',
      kind: 'visit_frequency_drop',
      core: true,
      weight: 30,
      thresholds: bothSegments({ windowDays: 30, ratio: 0.5, minPrevious: 4 }),
    },
    // 消费金额减少
    {
      id: 'spend_down',
      kind: 'spend_drop',
      core: false,
      weight: 20,
      thresholds: bothSegments({ ratio: 0.5, minPrevious: 3 }),
    },
    // 连续未使用服务的时长超过一定期限
    {
      id: 'long_absence',
      kind: 'visit_gap',
      core: true,
      weight: 30,
      thresholds: { member: { over: 14 }, regular: { over: 21 } },
    },
    {
      id: 'balance_unused',
      kind: 'stored_value_idle',
      core: false,
      weight: 10,
      thresholds: bothSegments({ idleDays: 30, minBalance: 0 }),
    },
    { id: 'membership_lapsed', kind: 'membership_lapsed', core: true, weight: 15, thresholds: bothSegments({}) },
    {
      id: 'repeat_complaints',
      kind: 'repeat_complaints',
      core: true,
      weight: 20,
      thresholds: bothSegments({ withinDays: 30, min: 2 }),
    },
    {
      id: 'serious_complaint',
      kind: 'serious_complaint',
      core: true,
      weight: 25,
      thresholds: bothSegments({ withinDays: 30 }),
    },
  ],
  levels: {
    rule: 'weighted',
    bands: [
      { name: 'high', level: 3, minScore: 70 },
      { name: 'mid', level: 2, minScore: 45 },
      { name: 'low', level: 1, minScore: 20 },
    ],
  },
  // The work queue: care calls 8 a working day, marketing offers 4, the head of marketing 2.
  workQueue: { newCasesPerDay: { customer_service: 8, marketing: 4, marketing_head: 2 } },
  deadlines: {
    alertDeliveryWorkingDays: 1,
    responsePlanHours: 24,
    firstContactWorkingDays: { 1: 3, 2: 2, 3: 1 },
    followUpEveryDays: { 1: 7, 2: 3, 3: 2 },
    trackingWindowDays: 60,
  },
  owners: {
    1: { role: 'customer_service', department: '客服部门 customer service' },
    2: { role: 'marketing', department: '市场营销部门 marketing, with customer service' },
    3: { role: 'marketing_head', department: '市场营销部门负责人 head of marketing' },
  },
  strategies: {
    1: {
      theme: '关怀回访 care call',
      actions: ['call-back about the experience; member perks reminder'],
      benefits: [{ id: 'hour_voucher', name: '上机时长券 2-hour voucher', costYuan: 20 }],
    },
    2: {
      theme: '专属优惠 tailored offer',
      actions: ["tailored offer around the customer's games and teams"],
      benefits: [{ id: 'topup_bonus', name: '充值赠送 top-up bonus', costYuan: 100 }],
    },
    3: {
      theme: '重点挽回 key retention',
      actions: ["manager call and invitation to a members' event"],
      benefits: [{ id: 'vip_month', name: '包月VIP one VIP month', costYuan: 300 }],
    },
  },
  approval: { preApprovedUpToYuan: 50, deputyGeneralManagerUpToYuan: 300 },
};
