import { activityDrop } from './activity-drop.ts';
import { declinedInvitations } from './declined-invitations.ts';
import { dmServiceComplaint } from './dm-service-complaint.ts';
import { environmentUnrectified } from './environment-unrectified.ts';
import { goneSilent } from './gone-silent.ts';
import { lowScriptRatings } from './low-script-ratings.ts';
import { membershipLapsed } from './membership-lapsed.ts';
import { modelLowReturn } from './model-low-return.ts';
import { negativeReviewRefusedContact } from './negative-review-refused-contact.ts';
import { noRecentSurvey } from './no-recent-survey.ts';
import { noShow } from './no-show.ts';
import { noVisitDays } from './no-visit-days.ts';
import { noVisitMonths } from './no-visit-months.ts';
import { repeatComplaints } from './repeat-complaints.ts';
import { seriousComplaint } from './serious-complaint.ts';
import { singleMinorComplaint } from './single-minor-complaint.ts';
import { spendDecliningMonths } from './spend-declining-months.ts';
import { spendDrop } from './spend-drop.ts';
import { storedValueIdle } from './stored-value-idle.ts';
import { surveyBelow } from './survey-below.ts';
import { unansweredContacts } from './unanswered-contacts.ts';
import { unresolvedNegativeReview } from './unresolved-negative-review.ts';
import { visitFrequencyDrop } from './visit-frequency-drop.ts';
import { visitGap } from './visit-gap.ts';

/** Every kind of indicator a policy can use; a policy names its own indicators and picks a kind for each. */
export const INDICATOR_KINDS = [
  noVisitMonths,
  noVisitDays,
  visitFrequencyDrop,
  visitGap,
  spendDrop,
  spendDecliningMonths,
  membershipLapsed,
  storedValueIdle,
  goneSilent,
  seriousComplaint,
  repeatComplaints,
  singleMinorComplaint,
  unresolvedNegativeReview,
  negativeReviewRefusedContact,
  declinedInvitations,
  lowScriptRatings,
  dmServiceComplaint,
  environmentUnrectified,
  surveyBelow,
  noRecentSurvey,
  noShow,
  unansweredContacts,
  activityDrop,
  modelLowReturn,
] as const;

export type AnyIndicatorKind = (typeof INDICATOR_KINDS)[number];
