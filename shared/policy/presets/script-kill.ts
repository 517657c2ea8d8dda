import type { PolicyInput } from '../policy-schema.ts';
import { bothSegments } from './both-segments.ts';

/**
 * The murder-mystery (剧本杀) chain's policy, seed 000, as SPEC sections 2-4 read it.
 * Article numbers refer to that policy.
 */
export const scriptKill: PolicyInput = {
  id: 'script_kill',
  version: 'script-kill/2026.1',
  name: '剧本杀顾客流失预警与挽回管理制度 (murder-mystery venues)',
  description: 'Default preset: the 19 warning indicators of Art. 8, levels of Art. 12, deadlines of Art. 13 and 16.',
  validFrom: '2026-01-01',
  validTo: null,
  timeZone: 'Asia/Shanghai',
  calendar: { holidays: 'cn-statutory', weekend: [0, 6], extraHolidays: [], extraWorkdays: [] },
  indicators: [
    // Art. 8 (1) 1: consumption frequency.
    {
      id: 'core_no_visit_2m',
      kind: 'no_visit_months',
      core: true,
      customers: 'core',
      thresholds: bothSegments({ months: 2 }),
    },
    { id: 'no_visit_3m', kind: 'no_visit_months', core: true, thresholds: bothSegments({ months: 3 }) },
    {
      id: 'annual_frequency_halved',
      kind: 'visit_frequency_drop',
      core: true,
      thresholds: bothSegments({ windowDays: 365, ratio: 0.5, minPrevious: 4 }),
    },
    // Art. 8 (1) 2: interval between visits, 60 days (regular) or 30 (member).
    { id: 'visit_gap', kind: 'visit_gap', core: false, thresholds: { member: { over: 30 }, regular: { over: 60 } } },
    {
      id: 'visit_gap_early',
      kind: 'visit_gap',
      core: false,
      thresholds: { member: null, regular: { over: 30, atMost: 60 } },
    },
    // Art. 8 (1) 3: spend down more than 60%, or falling 3 months running.
    { id: 'spend_drop', kind: 'spend_drop', core: false, thresholds: bothSegments({ ratio: 0.4, minPrevious: 3 }) },
    { id: 'spend_declining_3m', kind: 'spend_declining_months', core: false, thresholds: bothSegments({ months: 3 }) },
    // Art. 8 (1) 4: membership not renewed, stored value unused over 90 days.
    { id: 'membership_lapsed', kind: 'membership_lapsed', core: true, thresholds: bothSegments({}) },
    {
      id: 'stored_value_idle',
      kind: 'stored_value_idle',
      core: false,
      thresholds: bothSegments({ idleDays: 90, minBalance: 0 }),
    },
    // Art. 8 (2) 1: from consulting and sharing to long silence.
    {
      id: 'gone_silent',
      kind: 'gone_silent',
      core: false,
      thresholds: bothSegments({ minInteractions: 2, quietDays: 90 }),
    },
    // Art. 8 (2) 2 and Art. 12: complaints and bad reviews.
    { id: 'serious_complaint', kind: 'serious_complaint', core: true, thresholds: bothSegments({ withinDays: 30 }) },
    {
      id: 'repeat_complaints',
      kind: 'repeat_complaints',
      core: true,
      thresholds: bothSegments({ withinDays: 30, min: 2 }),
    },
    {
      id: 'minor_complaint',
      kind: 'single_minor_complaint',
      core: false,
      thresholds: bothSegments({ withinDays: 30 }),
    },
    { id: 'unresolved_negative_review', kind: 'unresolved_negative_review', core: false, thresholds: bothSegments({}) },
    {
      id: 'negative_review_refused_contact',
      kind: 'negative_review_refused_contact',
      core: true,
      thresholds: bothSegments({}),
    },
    // Art. 8 (2) 3: invitations declined, call-backs answered perfunctorily.
    {
      id: 'declined_invitations',
      kind: 'declined_invitations',
      core: false,
      thresholds: bothSegments({ withinDays: 90, min: 3 }),
    },
    // Art. 8 (3): script, DM and venue experience.
    {
      id: 'low_script_ratings',
      kind: 'low_script_ratings',
      core: false,
      thresholds: bothSegments({ withinDays: 365, maxScore: 3, minScripts: 2 }),
    },
    {
      id: 'dm_service_complaint',
      kind: 'dm_service_complaint',
      core: false,
      thresholds: bothSegments({ withinDays: 90, maxScore: 2 }),
    },
    {
      id: 'environment_unrectified',
      kind: 'environment_unrectified',
      core: false,
      thresholds: bothSegments({ withinDays: 90, maxScore: 2 }),
    },
  ],
  // Art. 12.
  levels: {
    rule: 'core-count',
    level3: { minCore: 3 },
    level2: { minCore: 1, minNonCore: 3 },
    level1: { minNonCore: 1 },
  },
  // How many cases open at once (the work queue): a call-back agent takes 8 new cases a working
  // day, an operations lead 4 one-to-ones, the head of operations 2 special-team cases; the rest
  // wait as queued alerts, most at stake first.
  workQueue: { newCasesPerDay: { customer_service: 8, operations: 4, operations_head: 2 } },
  deadlines: {
    alertDeliveryWorkingDays: 1, // Art. 13
    responsePlanHours: 24, // Art. 13
    // Art. 12: call-back in 3 working days, one-to-one in 5; level 3 is the most urgent, so it is given the shortest.
    firstContactWorkingDays: { 1: 3, 2: 5, 3: 2 },
    followUpEveryDays: { 1: 7, 2: 3, 3: 3 }, // Art. 16 (4)
    trackingWindowDays: 90, // Art. 18: repurchase within 3 months
  },
  owners: {
    1: {
      role: 'customer_service',
      department: '客服部 customer service',
      description: 'first call-back, needs survey',
    },
    2: {
      role: 'operations',
      department: '运营部 operations, with customer service and the store manager',
      description: 'store manager one-to-one',
    },
    3: {
      role: 'operations_head',
      department: '运营部负责人 head of operations, special team with marketing and the script team',
    },
  },
  strategies: {
    1: {
      theme: '唤醒记忆、增强互动 wake the memory',
      actions: [
        "personal greeting recommending 1-2 new scripts matched to the customer's preferences",
        'invitation to a themed salon or a script beta',
      ],
      benefits: [
        { id: 'coupon_30_off_100', name: '满100减30券 30 off a spend of 100', costYuan: 30 },
        { id: 'drink_voucher', name: '饮品兑换券 drink voucher', costYuan: 15 },
      ],
    },
    2: {
      theme: '解决问题、提升体验 fix the problem',
      actions: [
        'one-to-one talk with the store manager or a senior DM, with a promise of rectification',
        'star DM and priority booking of preferred sessions',
      ],
      benefits: [
        { id: 'free_new_script_session', name: '免费体验指定新剧本 free session of a new script', costYuan: 168 },
        { id: 'two_for_one', name: '双人同行一人免单 two for one', costYuan: 128 },
      ],
    },
    3: {
      theme: '弥补损失、重建信任 rebuild trust',
      actions: [
        'formal apology by management or the head of operations, with a rectification report',
        'long-term follow-up ledger with rectification and new-script news',
      ],
      benefits: [
        { id: 'stored_value_subsidy', name: '大额储值补贴 stored-value subsidy', costYuan: 500 },
        { id: 'annual_discount_card', name: '全年剧本体验折扣卡 year-long discount card', costYuan: 800 },
        { id: 'custom_script_consultation', name: '专属剧本定制咨询 custom-script consultation', costYuan: 300 },
      ],
    },
  },
  // Art. 15: ops reviews, the deputy GM approves, the GM approves large benefits.
  approval: { preApprovedUpToYuan: 50, deputyGeneralManagerUpToYuan: 500 },
};
