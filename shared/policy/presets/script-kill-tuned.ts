import type { PolicyInput } from '../policy-schema.ts';
import { bothSegments } from './both-segments.ts';
import { scriptKill } from './script-kill.ts';

type IndicatorInput = PolicyInput['indicators'][number];

/** An indicator as script-kill/2026.1 (SPEC section 2) has it, unchanged. */
function asInForce(id: string): IndicatorInput {
  const indicator = scriptKill.indicators.find((candidate) => candidate.id === id);
  if (indicator === undefined) throw new RangeError(`script-kill has no indicator "${id}"`);
  return indicator;
}

/**
 * The murder-mystery chain's policy as the backtest would tune it (issue #7): a proposal for the
 * quarterly review, NOT in force. Thresholds change only through an approved policy version
 * (Art. 9), so script-kill/2026.1 stays the default until this is approved and given its number.
 *
 * What the backtest showed (26-week horizon, synthetic chains of fortnightly, monthly, quarterly
 * and one-time visitors): script-kill puts "no visit in 3 months" at level 2 for every rhythm,
 * so level 2 holds most of the base, including quarterly customers who are on their rhythm and
 * customers lost years ago. Here levels 2 and 3 need the fitted BG/NBD model to say the customer
 * is gone, judged against their own rhythm, and a last visit 2 to 12 months back; the experience
 * indicators (complaints, reviews, ratings) still raise a level-1 call-back on their own and lift
 * a gone customer to level 3. Deadlines, owners, strategies and approval limits are script-kill's.
 */
export const scriptKillTuned: PolicyInput = {
  ...scriptKill,
  id: 'script_kill_tuned',
  version: 'script-kill/2026.2-proposed',
  description:
    'Proposed tuning of script-kill/2026.1 from the backtest (issue #7), awaiting approval under Art. 9: levels 2 and 3 only for customers the fitted BG/NBD model says are gone, last seen 2-12 months ago. Needs the monthly model fit: without it no level 2 is raised, and level 3 only for contact refused after a bad review.',
  validFrom: '2027-01-01',
  indicators: [
    asInForce('core_no_visit_2m'),
    // Off: it fires at 3 months whatever the customer's rhythm (quarterly customers on their rhythm
    // included) and never stops, so half of what it fired for were customers lost over a year ago,
    // alerted again after every quiet period. `visit_gap` below covers 2 to 12 months, and the
    // model judges the rhythm.
    { ...asInForce('no_visit_3m'), enabled: false },
    asInForce('annual_frequency_halved'),
    // One window for both segments, 61-365 days: of members 31-60 days away 7 in 10 came back, and
    // after a year a customer is lost rather than drifting (the case history keeps what was tried).
    { id: 'visit_gap', kind: 'visit_gap', core: false, thresholds: bothSegments({ over: 60, atMost: 365 }) },
    // Off: a regular 31-60 days away is within a monthly rhythm; 6 in 10 of them came back.
    { ...asInForce('visit_gap_early'), enabled: false },
    asInForce('spend_drop'),
    asInForce('spend_declining_3m'),
    asInForce('membership_lapsed'),
    asInForce('stored_value_idle'),
    // Evidence only (no band of its own): 6 in 10 of the customers it fired for on its own came back.
    asInForce('gone_silent'),
    asInForce('serious_complaint'),
    asInForce('repeat_complaints'),
    asInForce('minor_complaint'),
    asInForce('unresolved_negative_review'),
    asInForce('negative_review_refused_contact'),
    asInForce('declined_invitations'),
    // 2 or lower, not 3: "average" (3) is what a regular gives a few scripts a year; counting it,
    // 8 in 10 of the customers it alone would have alerted came back.
    {
      id: 'low_script_ratings',
      kind: 'low_script_ratings',
      core: false,
      thresholds: bothSegments({ withinDays: 365, maxScore: 2, minScripts: 2 }),
    },
    asInForce('dm_service_complaint'),
    asInForce('environment_unrectified'),
    // The BG/NBD model, fitted per store each month: gone means fewer than 0.3 visits expected in
    // the 26-week horizon, or P(active) below 0.3 (a repeat customer away long for their own rhythm).
    {
      id: 'model_gone',
      kind: 'model_low_return',
      core: true,
      thresholds: bothSegments({ expectedVisitsBelow: 0.3, pAliveBelow: 0.3 }),
    },
    {
      id: 'model_low_return',
      kind: 'model_low_return',
      core: false,
      thresholds: bothSegments({ expectedVisitsBelow: 0.5 }),
    },
  ],
  // Bands, not Art. 12's core count: a core count cannot require "gone AND seen within the year",
  // and with one core indicator enough for level 2 the unbounded ones kept level 2 for the long lost.
  levels: {
    rule: 'bands',
    bands: [
      // Level 3, rebuild trust: gone, and a core customer or a bad experience left unresolved.
      { name: 'core_customer_gone', level: 3, allOf: ['core_no_visit_2m', 'model_gone', 'visit_gap'] },
      { name: 'gone_after_bad_review', level: 3, allOf: ['unresolved_negative_review', 'model_gone', 'visit_gap'] },
      { name: 'gone_after_venue_problem', level: 3, allOf: ['environment_unrectified', 'model_gone', 'visit_gap'] },
      { name: 'gone_after_dm_problem', level: 3, allOf: ['dm_service_complaint', 'model_gone', 'visit_gap'] },
      { name: 'refused_after_bad_review', level: 3, allOf: ['negative_review_refused_contact', 'visit_gap'] },
      // Level 2, fix the problem: gone for their own rhythm, last seen 2-12 months ago; or a serious
      // complaint or two complaints in a month, which Art. 12 names as level 2 whatever the rhythm:
      // a one-to-one with the store manager is owed to the customer, gone or not.
      { name: 'gone', level: 2, allOf: ['model_gone', 'visit_gap'] },
      { name: 'serious_complaint', level: 2, allOf: ['serious_complaint'] },
      { name: 'repeat_complaints', level: 2, allOf: ['repeat_complaints'] },
      // Level 1, wake the memory: away and unlikely to come on their own, or an absence signal while away...
      { name: 'lapsing', level: 1, allOf: ['model_low_return', 'visit_gap'] },
      { name: 'balance_idle_while_away', level: 1, allOf: ['stored_value_idle', 'visit_gap'] },
      { name: 'membership_lapsed_while_away', level: 1, allOf: ['membership_lapsed', 'visit_gap'] },
      { name: 'invitations_declined_while_away', level: 1, allOf: ['declined_invitations', 'visit_gap'] },
      { name: 'frequency_halved_while_away', level: 1, allOf: ['annual_frequency_halved', 'visit_gap'] },
      { name: 'core_customer_away', level: 1, allOf: ['core_no_visit_2m', 'visit_gap'] },
      { name: 'spend_dropped_while_away', level: 1, allOf: ['spend_drop', 'visit_gap'] },
      { name: 'spend_declining_while_away', level: 1, allOf: ['spend_declining_3m', 'visit_gap'] },
      // ... or a bad experience, which needs a call-back whether or not the customer is away.
      { name: 'minor_complaint', level: 1, allOf: ['minor_complaint'] },
      { name: 'unresolved_negative_review', level: 1, allOf: ['unresolved_negative_review'] },
      { name: 'negative_review_refused_contact', level: 1, allOf: ['negative_review_refused_contact'] },
      { name: 'dm_service_complaint', level: 1, allOf: ['dm_service_complaint'] },
      { name: 'environment_unrectified', level: 1, allOf: ['environment_unrectified'] },
      { name: 'low_script_ratings', level: 1, allOf: ['low_script_ratings'] },
    ],
  },
};
