import type { CustomerEvent } from '../customer/event-schema.ts';
import {
  type ComplaintFact,
  type CustomerState,
  DAY_MS,
  type Instant,
  type RatingTarget,
  RECENT_HORIZON_DAYS,
  STATE_LIST_CAPS,
  VISIT_HORIZON_DAYS,
  yuanToFen,
} from './customer-state.ts';
import { compareText, firstIndexAfter, insertSorted } from './sorted-list.ts';

/**
 * One step of the fold: the state after one more event. The caller guarantees the event was not
 * applied before (the store keeps one record per eventId; foldHistory de-duplicates).
 *
 * Every step is order-independent: counters and sums commute, "latest" facts are chosen by
 * (instant, eventId), lists are kept in a canonical order, and anything older than a horizon
 * behind the newest event is dropped whether it arrived before or after that event. Each list
 * keeps at most its STATE_LIST_CAPS entries, the latest in its order, whatever the order of arrival.
 */
export function applyEvent(state: CustomerState, event: CustomerEvent): CustomerState {
  const next = structuredClone(state);
  applyEventInPlace(next, event);
  return next;
}

export function applyEventInPlace(state: CustomerState, event: CustomerEvent): void {
  const at = Date.parse(event.at);
  state.eventCount += 1;
  if (state.newestAt === null || at > state.newestAt) {
    state.newestAt = at;
    pruneToHorizons(state);
  }
  const visitCutoff = state.newestAt - VISIT_HORIZON_DAYS * DAY_MS;
  const recentCutoff = state.newestAt - RECENT_HORIZON_DAYS * DAY_MS;
  const isRecent = at > recentCutoff;

  switch (event.type) {
    case 'visit': {
      const amountFen = yuanToFen(event.amount);
      const visits = state.visits;
      visits.count += 1;
      visits.spendFen += amountFen;
      if (visits.firstAt === null || at < visits.firstAt) visits.firstAt = at;
      const last = visits.last;
      if (last === null || at > last.at || (at === last.at && event.eventId > last.eventId)) {
        visits.last = { at, amountFen, eventId: event.eventId };
      }
      if (at > visitCutoff) insertVisit(visits, at, amountFen);
      if (visits.recentAt.length > STATE_LIST_CAPS.visits) {
        visits.recentAt.splice(0, visits.recentAt.length - STATE_LIST_CAPS.visits);
        visits.recentFen.splice(0, visits.recentFen.length - STATE_LIST_CAPS.visits);
      }
      return;
    }
    case 'membership': {
      const expiry =
        event.expiresAt !== undefined ? Date.parse(event.expiresAt) : event.action === 'expire' ? at : null;
      if (expiry !== null && (state.membershipExpiresAt === null || expiry > state.membershipExpiresAt)) {
        state.membershipExpiresAt = expiry;
      }
      return;
    }
    case 'stored_value': {
      const current = state.storedValue;
      if (
        current === null ||
        at > current.balanceAt ||
        (at === current.balanceAt && event.eventId > current.balanceEventId)
      ) {
        state.storedValue = {
          balanceFen: yuanToFen(event.balanceAfter),
          balanceAt: at,
          balanceEventId: event.eventId,
        };
      }
      return;
    }
    case 'complaint': {
      const resolved = event.resolved || isResolvedRef(state, event.eventId);
      const fact: ComplaintFact = {
        at,
        eventId: event.eventId,
        severity: event.severity,
        category: event.category,
        resolved,
      };
      if (isRecent || isOpenEnvironmentComplaint(fact)) {
        insertSorted(state.complaints, fact, (a, b) => a.at - b.at || compareText(a.eventId, b.eventId));
        keepLatest(state.complaints, STATE_LIST_CAPS.complaints);
      }
      return;
    }
    case 'review': {
      if (event.sentiment !== 'negative') return;
      const reviews = state.reviews;
      if (reviews.firstNegativeAt === null || at < reviews.firstNegativeAt) reviews.firstNegativeAt = at;
      if (!event.resolved && !isResolvedRef(state, event.eventId)) {
        insertSorted(
          reviews.openNegative,
          [at, event.eventId, event.platform],
          (a, b) => a[0] - b[0] || compareText(a[1], b[1]),
        );
        keepLatest(reviews.openNegative, STATE_LIST_CAPS.openNegative);
      }
      return;
    }
    case 'contact_refused': {
      if (state.lastContactRefusedAt === null || at > state.lastContactRefusedAt) state.lastContactRefusedAt = at;
      return;
    }
    case 'invitation': {
      if (isRecent) {
        insertSorted(
          state.invitations,
          [at, event.response, event.eventId],
          (a, b) => a[0] - b[0] || compareText(a[2], b[2]),
        );
        keepLatest(state.invitations, STATE_LIST_CAPS.invitations);
      }
      return;
    }
    case 'rating': {
      if (isRecent) insertRating(state.ratings, at, event.target, event.score, event.scriptId ?? '');
      const excess = state.ratings.at.length - STATE_LIST_CAPS.ratings;
      if (excess > 0) for (const column of Object.values(state.ratings)) column.splice(0, excess);
      return;
    }
    case 'interaction': {
      const interactions = state.interactions;
      if (event.channel !== 'message') {
        interactions.activeCount += 1;
        if (interactions.lastActiveAt === null || at > interactions.lastActiveAt) interactions.lastActiveAt = at;
      }
      if (isRecent) insertSorted(interactions.recent, at, (a, b) => a - b);
      keepLatest(interactions.recent, STATE_LIST_CAPS.interactions);
      return;
    }
    case 'survey': {
      if (isRecent) insertSorted(state.surveys, [at, event.score], (a, b) => a[0] - b[0] || a[1] - b[1]);
      keepLatest(state.surveys, STATE_LIST_CAPS.surveys);
      return;
    }
    case 'appointment': {
      if (isRecent)
        insertSorted(state.appointments, [at, event.status], (a, b) => a[0] - b[0] || compareText(a[1], b[1]));
      keepLatest(state.appointments, STATE_LIST_CAPS.appointments);
      return;
    }
    case 'resolution': {
      resolve(state, event.ref, at);
      return;
    }
  }
}

function resolve(state: CustomerState, ref: string, at: Instant): void {
  // One entry per ref, the latest resolution's (it is kept longest), within the cap.
  const refs = state.resolvedRefs;
  const known = refs.findIndex(([name]) => name === ref);
  if (known < 0 || (refs[known] as [string, Instant])[1] < at) {
    if (known >= 0) refs.splice(known, 1);
    insertSorted(refs, [ref, at], compareRefs);
    keepLatest(refs, STATE_LIST_CAPS.resolvedRefs);
  }
  const complaint = state.complaints.find((fact) => fact.eventId === ref);
  if (complaint && !complaint.resolved) {
    complaint.resolved = true;
    pruneToHorizons(state);
  }
  const open = state.reviews.openNegative;
  const reviewIndex = open.findIndex(([, eventId]) => eventId === ref);
  if (reviewIndex >= 0) open.splice(reviewIndex, 1);
}

function isResolvedRef(state: CustomerState, eventId: string): boolean {
  return state.resolvedRefs.some(([ref]) => ref === eventId);
}

function compareRefs(a: [string, Instant], b: [string, Instant]): number {
  return a[1] - b[1] || compareText(a[0], b[0]);
}

/** Drops the earliest entries of an ascending list beyond `cap`. */
function keepLatest(list: unknown[], cap: number): void {
  if (list.length > cap) list.splice(0, list.length - cap);
}

function insertVisit(visits: CustomerState['visits'], at: Instant, amountFen: number): void {
  const { recentAt, recentFen } = visits;
  let index = recentAt.length;
  while (
    index > 0 &&
    ((recentAt[index - 1] as number) > at ||
      (recentAt[index - 1] === at && (recentFen[index - 1] as number) > amountFen))
  )
    index -= 1;
  recentAt.splice(index, 0, at);
  recentFen.splice(index, 0, amountFen);
}

function insertRating(
  ratings: CustomerState['ratings'],
  at: Instant,
  target: RatingTarget,
  score: number,
  scriptId: string,
): void {
  // Canonical order (instant, target, score, script), so equal instants land the same whatever arrived first.
  const compareWith = (i: number): number =>
    (ratings.at[i] as number) - at ||
    compareText(ratings.target[i] as string, target) ||
    (ratings.score[i] as number) - score ||
    compareText(ratings.scriptId[i] as string, scriptId);
  let index = ratings.at.length;
  while (index > 0 && compareWith(index - 1) > 0) index -= 1;
  ratings.at.splice(index, 0, at);
  ratings.target.splice(index, 0, target);
  ratings.score.splice(index, 0, score);
  ratings.scriptId.splice(index, 0, scriptId);
}

function isOpenEnvironmentComplaint(fact: ComplaintFact): boolean {
  return fact.category === 'environment' && !fact.resolved;
}

function pruneToHorizons(state: CustomerState): void {
  if (state.newestAt === null) return;
  const visitCutoff = state.newestAt - VISIT_HORIZON_DAYS * DAY_MS;
  const recentCutoff = state.newestAt - RECENT_HORIZON_DAYS * DAY_MS;
  const keepVisitsFrom = firstIndexAfter(state.visits.recentAt, visitCutoff, (at) => at);
  if (keepVisitsFrom > 0) {
    state.visits.recentAt.splice(0, keepVisitsFrom);
    state.visits.recentFen.splice(0, keepVisitsFrom);
  }
  dropThrough(state.invitations, recentCutoff, (item) => item[0]);
  const keepRatingsFrom = firstIndexAfter(state.ratings.at, recentCutoff, (at) => at);
  if (keepRatingsFrom > 0) for (const column of Object.values(state.ratings)) column.splice(0, keepRatingsFrom);
  dropThrough(state.interactions.recent, recentCutoff, (item) => item);
  dropThrough(state.surveys, recentCutoff, (item) => item[0]);
  dropThrough(state.appointments, recentCutoff, (item) => item[0]);
  if (state.complaints.some((fact) => fact.at <= recentCutoff && !isOpenEnvironmentComplaint(fact))) {
    state.complaints = state.complaints.filter((fact) => fact.at > recentCutoff || isOpenEnvironmentComplaint(fact));
  }
}

function dropThrough<T>(list: T[], cutoff: Instant, keyOf: (item: T) => number): void {
  const keepFrom = firstIndexAfter(list, cutoff, keyOf);
  if (keepFrom > 0) list.splice(0, keepFrom);
}

/**
 * A state as an earlier version wrote it, brought to this version's shape and bounds before an
 * event is applied to it: resolved refs were a list of ids kept whole (some of a poisoned customer
 * 200 KB long), lists had no cap. Refs longer than any eventId can be resolve nothing and go.
 */
export function upgradeState(state: CustomerState, maxRefLength: number): CustomerState {
  const refs = state.resolvedRefs as unknown[];
  if (refs.some((ref) => typeof ref === 'string')) {
    const since = state.newestAt ?? 0;
    const kept = new Map<string, Instant>();
    for (const ref of refs) {
      const [name, at] = typeof ref === 'string' ? [ref, since] : (ref as [string, Instant]);
      if (name.length <= maxRefLength && (kept.get(name) ?? -Infinity) < at) kept.set(name, at);
    }
    state.resolvedRefs = [...kept].sort(compareRefs);
  }
  const visits = state.visits;
  if (visits.recentAt.length > STATE_LIST_CAPS.visits) {
    visits.recentAt.splice(0, visits.recentAt.length - STATE_LIST_CAPS.visits);
    visits.recentFen.splice(0, visits.recentFen.length - STATE_LIST_CAPS.visits);
  }
  keepLatest(state.complaints, STATE_LIST_CAPS.complaints);
  keepLatest(state.reviews.openNegative, STATE_LIST_CAPS.openNegative);
  keepLatest(state.invitations, STATE_LIST_CAPS.invitations);
  const excess = state.ratings.at.length - STATE_LIST_CAPS.ratings;
  if (excess > 0) for (const column of Object.values(state.ratings)) column.splice(0, excess);
  keepLatest(state.interactions.recent, STATE_LIST_CAPS.interactions);
  keepLatest(state.surveys, STATE_LIST_CAPS.surveys);
  keepLatest(state.appointments, STATE_LIST_CAPS.appointments);
  keepLatest(state.resolvedRefs, STATE_LIST_CAPS.resolvedRefs);
  return state;
}
