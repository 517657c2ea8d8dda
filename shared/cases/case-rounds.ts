/**
 * How often a waiting step is asked again after a missed deadline before the case fails and ops
 * are told: the case workflow's reminders, and what bounds a case's life (the tracking window's
 * upper limit counts every round).
 */
export const MAX_REMINDERS = 4;

/** Working days the owner has to record why a case was lost, once the tracking window ends. */
export const LOSS_REASON_WORKING_DAYS = 3;
