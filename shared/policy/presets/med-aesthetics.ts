import type { PolicyInput } from '../policy-schema.ts';
import { bothSegments } from './both-segments.ts';

/** Medical aesthetics clinics, seed 002, chapter 6: red, orange and yellow warnings. */
export const medAesthetics: PolicyInput = {
  id: 'med_aesthetics',
  version: 'med-aesthetics/2026.1',
  name: '医疗美容客户流失预警制度 (medical aesthetics)',
  validFrom: '2026-01-01',
  timeZone: 'Asia/Shanghai',
  indicators: [
    // Red: 过去三个月内未进行消费，且在满意度调查中评分低于60分.
    { id: 'no_purchase_3m', kind: 'no_visit_days', core: true, thresholds: bothSegments({ days: 90 }) },
    {
      id: 'survey_below_60',
      kind: 'survey_below',
      core: true,
      thresholds: bothSegments({ withinDays: 365, passMark: 60 }),
    },
    // Orange: 过去六个月内消费频率降低50%以上，且未参与满意度调查.
    {
      id: 'frequency_halved_6m',
      kind: 'visit_frequency_drop',
      core: false,
      thresholds: bothSegments({ windowDays: 182, ratio: 0.5, minPrevious: 2 }),
    },
    { id: 'no_survey_6m', kind: 'no_recent_survey', core: false, thresholds: bothSegments({ withinDays: 182 }) },
    // Yellow: 过去一个月内未进行消费，且有未到店预约记录.
    { id: 'no_purchase_1m', kind: 'no_visit_days', core: false, thresholds: bothSegments({ days: 30 }) },
    { id: 'no_show_1m', kind: 'no_show', core: false, thresholds: bothSegments({ withinDays: 30, min: 1 }) },
  ],
  levels: {
    rule: 'bands',
    bands: [
      { name: 'red', level: 3, allOf: ['no_purchase_3m', 'survey_below_60'] },
      { name: 'orange', level: 2, allOf: ['frequency_halved_6m', 'no_survey_6m'] },
      { name: 'yellow', level: 1, allOf: ['no_purchase_1m', 'no_show_1m'] },
    ],
  },
  // The work queue: customer service takes levels 1 and 2 (care messages, 8 new a working day),
  // an account manager the one-to-one conversations of level 3 (2 a day).
  workQueue: { newCasesPerDay: { customer_service: 8, account_manager: 2 } },
  deadlines: {
    alertDeliveryWorkingDays: 1,
    responsePlanHours: 24,
    firstContactWorkingDays: { 1: 5, 2: 3, 3: 1 },
    followUpEveryDays: { 1: 14, 2: 7, 3: 3 },
    trackingWindowDays: 90,
  },
  owners: {
    1: {
      role: 'customer_service',
      department: '客户服务部 customer service',
      description: 'care messages or a phone interview',
    },
    2: {
      role: 'customer_service',
      department: '客户服务部 customer service',
      description: 'care message with an offer',
    },
    3: { role: 'account_manager', department: '客户经理 account manager', description: 'one-to-one conversation' },
  },
  strategies: {
    1: {
      theme: '关怀 care',
      actions: ['regular care text or phone interview about needs and suggestions'],
      benefits: [],
    },
    2: {
      theme: '提醒与优惠 reminder and offer',
      actions: ['care message reminding the client, with a promotion'],
      benefits: [{ id: 'care_voucher', name: '护理代金券 care voucher', costYuan: 200 }],
    },
    3: {
      theme: '一对一挽留 one-to-one retention',
      actions: ['account manager one-to-one: reasons for leaving and a personal retention plan'],
      benefits: [{ id: 'free_treatment', name: '免费护理一次 one free treatment', costYuan: 800 }],
    },
  },
  approval: { preApprovedUpToYuan: 200, deputyGeneralManagerUpToYuan: 1000 },
};
