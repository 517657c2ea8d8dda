import type { Policy } from '../policy/policy-schema.ts';

/**
 * What staff call an indicator: the policy's own `label` when it gives one, else a name for its
 * kind (and for the ids of the script-kill preset, whose kinds repeat with different thresholds),
 * Chinese first, English beside it. The id is what the data and the ops tools use; a person
 * reading an email should never have to know that `stored_value_idle` means unused stored value.
 */
const BY_KIND: Record<string, string> = {
  no_visit_months: '连续数月未到店 no visit for months',
  no_visit_days: '长期未到店 no visit for a long time',
  visit_frequency_drop: '到店次数减半 visiting half as often',
  visit_gap: '到店间隔过长 too long since the last visit',
  spend_drop: '消费金额骤降 spend dropped sharply',
  spend_declining_months: '消费逐月下降 spend falling month after month',
  membership_lapsed: '会员到期未续费 membership not renewed',
  stored_value_idle: '储值长期未使用 stored value left unused',
  gone_silent: '咨询互动沉寂 gone silent',
  serious_complaint: '严重投诉 serious complaint',
  repeat_complaints: '多次投诉 repeated complaints',
  single_minor_complaint: '一般投诉 one minor complaint',
  unresolved_negative_review: '差评未解决 negative review not resolved',
  negative_review_refused_contact: '差评后拒绝沟通 negative review, then refused contact',
  declined_invitations: '多次拒绝邀约 invitations turned down',
  low_script_ratings: '剧本评价偏低 low script ratings',
  dm_service_complaint: '对DM服务不满 unhappy with the DM',
  environment_unrectified: '环境问题未整改 venue problem not fixed',
  survey_below: '满意度偏低 low satisfaction score',
  no_recent_survey: '近期无满意度回访 no recent satisfaction survey',
  no_show: '预约爽约 missed appointments',
  unanswered_contacts: '多次联系无回应 contacts unanswered',
  activity_drop: '活跃度下降 less active',
  model_low_return: '模型预测回店可能低 the model expects no return',
};

const BY_ID: Record<string, string> = {
  core_no_visit_2m: '核心顾客连续2个月未到店 core customer, no visit in 2 months',
  no_visit_3m: '连续3个月未到店 no visit in 3 months',
  annual_frequency_halved: '年到店次数减半 yearly visits halved',
  visit_gap_early: '到店间隔偏长 visits growing apart',
  spend_declining_3m: '连续3个月消费下降 spend falling 3 months running',
};

export function indicatorName(id: string, policy: Pick<Policy, 'indicators'>): string {
  const entry = policy.indicators.find((indicator) => indicator.id === id);
  if (entry?.label) return entry.label;
  return BY_ID[id] ?? (entry ? BY_KIND[entry.kind] : undefined) ?? id;
}
