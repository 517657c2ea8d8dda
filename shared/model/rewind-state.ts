import type { ScoringSubject } from '../customer/scoring-subject.ts';
import { type CustomerState, DAY_MS, VISIT_HORIZON_DAYS } from '../state/customer-state.ts';
import { firstIndexAfter } from '../state/sorted-list.ts';

/**
 * A customer's state as it stood at an earlier moment, worked back from the state of today,
 * for the monthly fit, which reads the Customers table (states) and not the event history.
 *
 * What carries its own time is cut exactly: visits (count, spend, first and last, the visit
 * list), complaints, reviews still open, invitations, ratings, interactions, surveys,
 * appointments. What the state keeps only as a latest value cannot be wound back: a membership
 * expiry moved by a later renewal, the stored-value balance after a later top-up, a complaint
 * resolved later, consult/share counts. Those are cleared when they were set after the moment
 * (never guessed), and the risk model reads none of them (see RISK_SAFE_INDICATOR_KINDS), since
 * a renewal after the cut date would tell the model who came back.
 *
 * Lists reach back as far as today's state keeps them (visits 800 days, the rest 400), so at a
 * moment half a year back the visit list covers about 620 days and the others about 220.
 */
export function rewindState(state: CustomerState, at: number): CustomerState {
  const visits = state.visits;
  const keep = firstIndexAfter(visits.recentAt, at, (instant) => instant);
  let removedFen = 0;
  for (let i = keep; i < visits.recentFen.length; i++) removedFen += visits.recentFen[i] as number;
  const count = visits.count - (visits.recentAt.length - keep);
  const recentAt = visits.recentAt.slice(0, keep);
  const recentFen = visits.recentFen.slice(0, keep);
  let last = visits.last;
  if (count <= 0) last = null;
  else if (last !== null && last.at > at) {
    const kept = recentAt.length - 1;
    if (kept >= 0) last = { at: recentAt[kept] as number, amountFen: recentFen[kept] as number, eventId: '' };
    else {
      // Every visit before the moment is older than the visit list reaches: the last of them is
      // known to be before the list's start, and with one visit it is the first.
      const listStart = (state.newestAt ?? at) - VISIT_HORIZON_DAYS * DAY_MS;
      last = {
        at: count === 1 && visits.firstAt !== null ? visits.firstAt : Math.min(listStart, at),
        amountFen: Math.round((visits.spendFen - removedFen) / count),
        eventId: '',
      };
    }
  }
  const upTo = <T>(list: readonly T[], keyOf: (item: T) => number): T[] =>
    list.slice(0, firstIndexAfter(list, at, keyOf));
  const ratingsKept = firstIndexAfter(state.ratings.at, at, (instant) => instant);
  const activeLater = state.interactions.lastActiveAt !== null && state.interactions.lastActiveAt > at;
  const openNegative = upTo(state.reviews.openNegative, (review) => review[0]);
  return {
    newestAt: state.newestAt === null ? null : Math.min(state.newestAt, at),
    eventCount: state.eventCount,
    visits: {
      count: Math.max(0, count),
      spendFen: count > 0 ? visits.spendFen - removedFen : 0,
      firstAt: count > 0 ? visits.firstAt : null,
      last,
      recentAt,
      recentFen,
    },
    membershipExpiresAt:
      state.membershipExpiresAt !== null && state.membershipExpiresAt <= at ? state.membershipExpiresAt : null,
    fromFile: {
      membershipExpiresAt:
        state.fromFile.membershipExpiresAt !== null && state.fromFile.membershipExpiresAt <= at
          ? state.fromFile.membershipExpiresAt
          : null,
      storedValueFen: null,
    },
    storedValue: state.storedValue !== null && state.storedValue.balanceAt <= at ? { ...state.storedValue } : null,
    complaints: state.complaints.filter((fact) => fact.at <= at).map((fact) => ({ ...fact })),
    reviews: {
      openNegative,
      firstNegativeAt:
        state.reviews.firstNegativeAt !== null && state.reviews.firstNegativeAt <= at
          ? state.reviews.firstNegativeAt
          : null,
    },
    lastContactRefusedAt:
      state.lastContactRefusedAt !== null && state.lastContactRefusedAt <= at ? state.lastContactRefusedAt : null,
    invitations: upTo(state.invitations, (invitation) => invitation[0]),
    ratings: {
      at: state.ratings.at.slice(0, ratingsKept),
      target: state.ratings.target.slice(0, ratingsKept),
      score: state.ratings.score.slice(0, ratingsKept),
      scriptId: state.ratings.scriptId.slice(0, ratingsKept),
    },
    interactions: {
      activeCount: activeLater ? 0 : state.interactions.activeCount,
      lastActiveAt: activeLater ? null : state.interactions.lastActiveAt,
      recent: upTo(state.interactions.recent, (instant) => instant),
    },
    surveys: upTo(state.surveys, (survey) => survey[0]),
    appointments: upTo(state.appointments, (appointment) => appointment[0]),
    resolvedRefs: state.resolvedRefs,
  };
}

export function rewindSubject(subject: ScoringSubject, at: number): ScoringSubject {
  return { profile: subject.profile, state: rewindState(subject.state, at) };
}
