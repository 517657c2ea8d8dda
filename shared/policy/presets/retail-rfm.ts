import type { PolicyInput } from '../policy-schema.ts';
import { bothSegments } from './both-segments.ts';

/**
 * Old-customer follow-up for retail, seed 003: RFM tiers (3.1) and the three warnings of 4.4:
 * red = 3 contacts in a row unanswered, yellow = activity down 50%, blue = fewer purchases.
 */
export const retailRfm: PolicyInput = {
  id: 'retail_rfm',
  version: 'retail-rfm/2026.1',
  name: '老客户回访与流失预警 (retail, RFM)',
  validFrom: '2026-01-01',
  timeZone: 'Asia/Shanghai',
  indicators: [
    {
      id: 'unanswered_3_contacts',
      kind: 'unanswered_contacts',
      core: true,
      thresholds: bothSegments({ consecutive: 3 }),
    },
    {
      id: 'activity_halved',
      kind: 'activity_drop',
      core: false,
      thresholds: bothSegments({ windowDays: 90, ratio: 0.5, minPrevious: 2 }),
    },
    {
      id: 'fewer_purchases',
      kind: 'visit_frequency_drop',
      core: false,
      thresholds: bothSegments({ windowDays: 90, ratio: 1, minPrevious: 1 }),
    },
  ],
  levels: {
    rule: 'bands',
    bands: [
      { name: 'red', level: 3, allOf: ['unanswered_3_contacts'] },
      { name: 'yellow', level: 2, allOf: ['activity_halved'] },
      { name: 'blue', level: 1, allOf: ['fewer_purchases'] },
    ],
  },
  // Gold: recent and high-spending (seed: top 20% by recency and 15% by spend); silver: the next band.
  tiers: [
    { name: 'gold', maxRecencyDays: 30, minSpend365Yuan: 10000 },
    { name: 'silver', maxRecencyDays: 90, minSpend365Yuan: 3000 },
    { name: 'bronze' },
  ],
  // The work queue: customer service takes levels 1 and 2 (8 new a working day), the dedicated
  // account manager level 3 (2 a day).
  workQueue: { newCasesPerDay: { customer_service: 8, account_manager: 2 } },
  deadlines: {
    alertDeliveryWorkingDays: 1,
    responsePlanHours: 24,
    firstContactWorkingDays: { 1: 5, 2: 3, 3: 2 },
    followUpEveryDays: { 1: 30, 2: 14, 3: 7 },
    trackingWindowDays: 90,
  },
  owners: {
    1: { role: 'customer_service', department: '客服 customer service' },
    2: { role: 'customer_service', department: '客服 customer service' },
    3: { role: 'account_manager', department: '专属客服 dedicated account manager' },
  },
  strategies: {
    1: {
      theme: '促销唤醒 promotional wake-up',
      actions: ['promotional email or text'],
      benefits: [{ id: 'coupon_20', name: '20元优惠券 20-yuan coupon', costYuan: 20 }],
    },
    2: {
      theme: '关怀回访 care call',
      actions: ['care call and festival offer'],
      benefits: [{ id: 'member_discount', name: '会员折扣 member discount', costYuan: 50 }],
    },
    3: {
      theme: '3+1 挽回 three contacts and one privilege',
      actions: ['three personal contacts (phone, WeChat, email)', 'one special privilege'],
      benefits: [{ id: 'special_privilege', name: '特殊权益 special privilege', costYuan: 150 }],
    },
  },
  approval: { preApprovedUpToYuan: 50, deputyGeneralManagerUpToYuan: 500 },
};
