import { describe, expect, it } from 'vitest';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';

describe('script-kill preset (seed 000, the default)', () => {
  const policy = presetPolicy('script-kill');

  it('carries the 19 indicators of SPEC section 2 with their core flags', () => {
    expect(Object.fromEntries(policy.indicators.map((indicator) => [indicator.id, indicator.core]))).toEqual({
      core_no_visit_2m: true,
      no_visit_3m: true,
      annual_frequency_halved: true,
      visit_gap: false,
      visit_gap_early: false,
      spend_drop: false,
      spend_declining_3m: false,
      membership_lapsed: true,
      stored_value_idle: false,
      gone_silent: false,
      serious_complaint: true,
      repeat_complaints: true,
      minor_complaint: false,
      unresolved_negative_review: false,
      negative_review_refused_contact: true,
      declined_invitations: false,
      low_script_ratings: false,
      dm_service_complaint: false,
      environment_unrectified: false,
    });
  });

  it('has the deadlines of Art. 12, 13 and 16: 24 hours, 3 and 5 working days, follow-up 7 / 3 / 3 days', () => {
    expect(policy.deadlines.responsePlanHours).toBe(24);
    expect(policy.deadlines.firstContactWorkingDays[1]).toBe(3);
    expect(policy.deadlines.firstContactWorkingDays[2]).toBe(5);
    expect(policy.deadlines.followUpEveryDays).toEqual({ 1: 7, 2: 3, 3: 3 });
    expect(policy.timeZone).toBe('Asia/Shanghai');
  });
});
