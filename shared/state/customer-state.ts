/**
 * The aggregated state of one customer: everything the indicators read, folded from the event
 * history, so that a scan reads one record per customer and never the history itself.
 *
 * It holds instants (epoch ms), not local dates, so it does not depend on a policy's time zone:
 * the same state is scored under any policy. Money is in fen (integers), so sums do not depend on
 * the order events arrive in. Lists are kept sorted and cut to a horizon behind the newest event,
 * which makes the state a function of the set of events: late, out-of-order input gives the same
 * state as the sorted history (see apply-event.ts).
 */
export const DAY_MS = 86_400_000;
/** Visits are kept two years and a margin back, for "visits in the 365 days before those". */
export const VISIT_HORIZON_DAYS = 800;
/** Other recent facts are kept a year and a margin back; the longest window they serve is 365 days. */
export const RECENT_HORIZON_DAYS = 400;

export type Instant = number;
export type Fen = number;

export interface LastVisit {
  at: Instant;
  amountFen: Fen;
  eventId: string;
}

export type ComplaintSeverity = 'minor' | 'serious';
export type ComplaintCategory = 'script' | 'dm' | 'environment' | 'service' | 'other';
export type InvitationResponse = 'accepted' | 'declined' | 'ignored' | 'perfunctory';
export type RatingTarget = 'script' | 'dm' | 'environment';
export type AppointmentStatus = 'attended' | 'no_show' | 'cancelled';

export interface ComplaintFact {
  at: Instant;
  eventId: string;
  severity: ComplaintSeverity;
  category: ComplaintCategory;
  resolved: boolean;
}

export interface CustomerState {
  /** Newest event instant seen: the horizons are measured back from it. */
  newestAt: Instant | null;
  eventCount: number;
  visits: {
    count: number;
    spendFen: Fen;
    firstAt: Instant | null;
    last: LastVisit | null;
    /**
     * The visits within VISIT_HORIZON_DAYS as two parallel lists, ascending by instant (then
     * amount): flat number lists are what window counts over a million customers a second need.
     */
    recentAt: Instant[];
    recentFen: Fen[];
  };
  /** Latest known membership expiry from `membership` events. */
  membershipExpiresAt: Instant | null;
  /** What the customer file itself says (applyProfile), for customers whose member system sends no events. */
  fromFile: { membershipExpiresAt: Instant | null; storedValueFen: Fen | null };
  /** The balance after the latest stored-value event, which is also the last use of the balance. */
  storedValue: {
    balanceFen: Fen;
    balanceAt: Instant;
    balanceEventId: string;
  } | null;
  /** Complaints within the horizon, and older environment complaints still open. */
  complaints: ComplaintFact[];
  reviews: {
    /** Negative reviews not yet resolved: [at, eventId, platform]. */
    openNegative: Array<[Instant, string, string]>;
    firstNegativeAt: Instant | null;
  };
  lastContactRefusedAt: Instant | null;
  /** [at, response, eventId], ascending. */
  invitations: Array<[Instant, InvitationResponse, string]>;
  /** Ratings as parallel lists (flat, for speed), ascending by instant; scriptId "" when none was named. */
  ratings: { at: Instant[]; target: RatingTarget[]; score: number[]; scriptId: string[] };
  interactions: {
    /** consult and share only: the "active" interactions of `gone_silent`. */
    activeCount: number;
    lastActiveAt: Instant | null;
    /** Every channel, for activity trends: instants, ascending. */
    recent: Instant[];
  };
  /** [at, score], ascending. */
  surveys: Array<[Instant, number]>;
  /** [at, status], ascending. */
  appointments: Array<[Instant, AppointmentStatus]>;
  /**
   * [ref, resolution instant] for each eventId a `resolution` named, ascending by instant (then
   * ref), so that a complaint or review arriving after its resolution, however late, arrives
   * resolved. At most STATE_LIST_CAPS.resolvedRefs of them, the latest: resolutions are rare (a
   * customer has a handful), so only a sender naming hundreds of unknown refs reaches the cap,
   * and then the earliest are forgotten.
   */
  resolvedRefs: Array<[string, Instant]>;
}

/**
 * The most entries each list keeps (the latest, by its order): with every text bounded, a state
 * stays below DynamoDB's 400 KB item whatever a sender sends (about 275 KB of JSON with every list
 * full of the longest ids), and the windows the indicators read are covered for any real
 * customer (3,000 visits in 800 days is nearly four a day, every day).
 */
export const STATE_LIST_CAPS = {
  visits: 3_000,
  complaints: 200,
  openNegative: 200,
  invitations: 500,
  ratings: 500,
  interactions: 1_000,
  surveys: 500,
  appointments: 500,
  resolvedRefs: 200,
} as const;

export function emptyCustomerState(): CustomerState {
  return {
    newestAt: null,
    eventCount: 0,
    visits: { count: 0, spendFen: 0, firstAt: null, last: null, recentAt: [], recentFen: [] },
    membershipExpiresAt: null,
    fromFile: { membershipExpiresAt: null, storedValueFen: null },
    storedValue: null,
    complaints: [],
    reviews: { openNegative: [], firstNegativeAt: null },
    lastContactRefusedAt: null,
    invitations: [],
    ratings: { at: [], target: [], score: [], scriptId: [] },
    interactions: { activeCount: 0, lastActiveAt: null, recent: [] },
    surveys: [],
    appointments: [],
    resolvedRefs: [],
  };
}

export function yuanToFen(yuan: number): Fen {
  return Math.round(yuan * 100);
}
