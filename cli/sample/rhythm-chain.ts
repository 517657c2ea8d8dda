import type { CustomerFile } from '../../shared/customer/customer-file-schema.ts';
import { seededRandom } from '../../shared/model/seeded-random.ts';
import {
  DAY,
  eveningOf,
  eventRecorder,
  isoMinute,
  type SampleOptions,
  SCRIPTS,
  sampleContact,
  storeIds,
  TASTES,
} from './sample-chain.ts';

/**
 * A chain whose customers each keep a visit rhythm until they stop coming for good, generated
 * from a seed (the same seed gives the same chain, byte for byte). Unlike the story chain
 * (sample-chain.ts), who stops and when is drawn the way the BG/NBD model assumes (a chance of
 * leaving after every visit) plus what a venue sees in practice: a bad experience makes leaving
 * likelier than not unless it is put right, and some customers fade (longer gaps, smaller spend)
 * before they go. Each customer comes with that truth, so a backtest can be read against it.
 */
export type Rhythm = 'fortnightly' | 'monthly' | 'quarterly' | 'one-time';

export interface RhythmTraits {
  /** Share of the chain's customers. */
  share: number;
  /** Each customer's own mean days between visits is drawn evenly from this range. */
  meanGapDays: readonly [number, number];
  /** Chance of never coming back after the first visit (the trial). */
  trialDropout: number;
  /** Mean chance of leaving after each later visit (each customer has their own, 0.4x to 1.6x this). */
  dropout: number;
  /** Chance of joining as a member (at the first visit) and of being marked core by the chain. */
  member: number;
  core: number;
}

export const RHYTHMS: Readonly<Record<Rhythm, RhythmTraits>> = {
  // Players who come every week or two: few, but half the core customers.
  fortnightly: { share: 0.08, meanGapDays: [8, 20], trialDropout: 0.05, dropout: 0.03, member: 0.7, core: 0.55 },
  monthly: { share: 0.27, meanGapDays: [22, 45], trialDropout: 0.15, dropout: 0.06, member: 0.45, core: 0.25 },
  quarterly: { share: 0.35, meanGapDays: [75, 135], trialDropout: 0.25, dropout: 0.12, member: 0.15, core: 0.04 },
  // Brought along by friends, tourists, a birthday party: one visit and never again.
  'one-time': { share: 0.3, meanGapDays: [0, 0], trialDropout: 1, dropout: 1, member: 0.03, core: 0 },
};

/** Chance that a visit goes badly; the third store has a weak DM team and twice the rate. */
const BAD_EXPERIENCE = 0.035;
const weakStore = (storeIndex: number): boolean => storeIndex === 2;
/** Chance of leaving after a bad experience: likelier than not, unless the store put it right. */
const LEAVE_AFTER_BAD = { unresolved: 0.7, resolved: 0.35 };

export type StopReason = 'one_visit' | 'bad_experience' | 'lost_interest';

/** A generated customer: the file as an export carries it, and the truth behind it. */
export interface RhythmCustomer {
  file: CustomerFile;
  rhythm: Rhythm;
  /** The last visit (epoch ms) of a customer who has stopped coming for good by the end of the history. */
  stoppedAfter: number | undefined;
  stopReason: StopReason | undefined;
}

interface BadExperience {
  target: 'script' | 'dm' | 'environment' | 'service';
  rating: number | undefined;
  complaint: { severity: 'minor' | 'serious' } | undefined;
  negativeReview: boolean;
  /** The store answered the complaint or review and put it right. */
  resolved: boolean;
}

interface PlannedVisit {
  gapDays: number;
  spendFactor: number;
  bad: BadExperience | undefined;
}

export interface RhythmChainOptions extends SampleOptions {
  /** Other shares of the rhythms than RHYTHMS gives (normalised to sum to 1), to see how a policy fares on another mix. */
  shares?: Partial<Record<Rhythm, number>>;
}

/** `months` defaults to 30 and `stores` to 4: two years of history before a backtest's as-of date half a year back. */
export function* rhythmChain(options: RhythmChainOptions): Generator<RhythmCustomer> {
  const draws = drawsFrom(seededRandom(options.seed));
  const stores = storeIds(options.stores ?? 4);
  const start = options.until - (options.months ?? 30) * 30 * DAY;
  const drawRhythm = rhythmDrawer(options.shares);
  for (let n = 0; n < options.customers; n++) {
    yield rhythmCustomer(drawProfile(n, draws, stores, start, options.until, drawRhythm), options.until, draws);
  }
}

/**
 * Every draw of a chain comes from its one seeded stream, in a fixed order: the order of the
 * draws below is part of the chain (a draw moved, added or left out changes every customer after it).
 */
interface Draws {
  random: () => number;
  pick: <T>(items: readonly T[]) => T;
  chance: (p: number) => boolean;
  between: (low: number, high: number) => number;
}

function drawsFrom(random: () => number): Draws {
  return {
    random,
    pick: <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T,
    chance: (p) => random() < p,
    between: (low, high) => low + random() * (high - low),
  };
}

/** A customer's events as they are recorded, and the draws that shape them. */
interface Recorder extends Draws {
  add: (at: number, fields: Record<string, unknown>) => string;
}

/** Draws a rhythm from a roll in [0, 1), by the shares given (normalised), else RHYTHMS'. */
function rhythmDrawer(given: RhythmChainOptions['shares']): (roll: number) => Rhythm {
  const shares = (Object.keys(RHYTHMS) as Rhythm[]).map((rhythm): [Rhythm, number] => [
    rhythm,
    given?.[rhythm] ?? RHYTHMS[rhythm].share,
  ]);
  const total = shares.reduce((sum, [, share]) => sum + share, 0);
  if (!(total > 0) || shares.some(([, share]) => !(share >= 0)))
    throw new RangeError('rhythm shares must be >= 0 and not all 0');
  return (roll) => {
    let left = roll;
    for (const [rhythm, share] of shares) {
      left -= share / total;
      if (left < 0) return rhythm;
    }
    return 'one-time';
  };
}

/** Who a customer is before the first visit: where, how often, how likely to leave, and what they pay. */
interface Profile {
  customerId: string;
  storeId: string;
  storeIndex: number;
  rhythm: Rhythm;
  /** Their own mean days between visits. */
  meanGap: number;
  /** Their own chance of leaving after a visit past the first. */
  dropout: number;
  /** Whether they fade (longer gaps, smaller spend) before they lose interest. */
  fades: boolean;
  member: boolean;
  core: boolean;
  price: number;
  firstVisit: number;
}

function drawProfile(
  n: number,
  { random, pick, chance, between }: Draws,
  stores: readonly string[],
  start: number,
  until: number,
  drawRhythm: (roll: number) => Rhythm,
): Profile {
  const storeIndex = Math.floor(random() * stores.length);
  const rhythm = drawRhythm(random());
  const traits = RHYTHMS[rhythm];
  // Drawn in this order (an object literal's values are evaluated in the order written).
  return {
    customerId: `C${String(n + 1).padStart(7, '0')}`,
    storeId: stores[storeIndex] as string,
    storeIndex,
    rhythm,
    meanGap: between(...traits.meanGapDays),
    dropout: traits.dropout * between(0.4, 1.6),
    fades: chance(0.5),
    member: chance(traits.member),
    core: chance(traits.core),
    price: pick([98, 128, 148, 198, 248]),
    // The chain keeps acquiring customers: first visits spread evenly over the whole history.
    firstVisit: start + random() * (until - start),
  };
}

/** A customer's visits, their events, and the truth behind them. */
function rhythmCustomer(profile: Profile, until: number, draws: Draws): RhythmCustomer {
  const { planned, stopReason } = planVisits(profile, until, draws);
  const visitTimes = eveningsOf(planned, profile.firstVisit, draws.random);
  const seen = visitTimes.filter((at) => at <= until);
  const lastVisit = seen.at(-1) as number;
  const stoppedAfter = stopReason !== undefined && seen.length === planned.length ? lastVisit : undefined;
  const goneAt = (at: number): boolean => stoppedAfter !== undefined && at > stoppedAfter;

  // The events, as the cashier, member system, customer service and platforms record them.
  const { events, add } = eventRecorder(profile.customerId, until);
  const recorder: Recorder = { ...draws, add };
  let balance = profile.member ? addMembership(visitTimes[0] as number, until, goneAt, recorder) : 0;
  planned.forEach((visit, i) => {
    const leaving = stopReason !== undefined && i === planned.length - 1;
    balance = addVisit(visit, visitTimes[i] as number, leaving, profile.price, balance, recorder);
  });
  if (profile.member || profile.core) addInvitations(profile.firstVisit, until, goneAt, recorder);
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  const contact = sampleContact(draws.random);
  return {
    // No `membership` block: an export's current expiry and balance would tell a backtest about renewals after its as-of date; the events carry both.
    file: {
      customerId: profile.customerId,
      storeId: profile.storeId,
      segment: profile.member ? 'member' : 'regular',
      core: profile.core,
      contact,
      tags: [draws.pick(TASTES)],
      events,
    },
    rhythm: profile.rhythm,
    stoppedAfter,
    stopReason: stoppedAfter === undefined ? undefined : stopReason,
  };
}

/** The visits as planned: each gap, whether it went badly, and whether the customer left after it. */
function planVisits(
  profile: Profile,
  until: number,
  draws: Draws,
): { planned: PlannedVisit[]; stopReason: StopReason | undefined } {
  const { random, chance } = draws;
  const badRate = weakStore(profile.storeIndex) ? 2 * BAD_EXPERIENCE : BAD_EXPERIENCE;
  const planned: PlannedVisit[] = [];
  let stopReason: StopReason | undefined;
  let gapDays = 0;
  for (let at = profile.firstVisit; at <= until; at += gapDays * DAY) {
    const bad = chance(badRate) ? drawBadExperience(random) : undefined;
    planned.push({ gapDays, spendFactor: 1, bad });
    if (chance(leaveChance(profile, bad, planned.length))) {
      stopReason = profile.rhythm === 'one-time' ? 'one_visit' : bad ? 'bad_experience' : 'lost_interest';
      break;
    }
    // Gamma(shape 2) gaps, the sum of two exponential halves of the customer's mean: more regular
    // than the Poisson visits BG/NBD assumes. At least a day: one evening is one trip.
    gapDays = Math.max(1, (-profile.meanGap / 2) * (Math.log(1 - random()) + Math.log(1 - random())));
  }
  // Half of those who lose interest fade first: the last two gaps stretch and the spend falls.
  if (stopReason === 'lost_interest' && profile.fades && planned.length >= 4) {
    for (const visit of planned.slice(-2)) {
      visit.gapDays *= draws.between(1.6, 2.2);
      visit.spendFactor = draws.between(0.3, 0.55);
    }
  }
  return { planned, stopReason };
}

/** The chance of leaving after a visit (the `visitNumber`th): a bad one weighs more than the rhythm's. */
function leaveChance(profile: Profile, bad: BadExperience | undefined, visitNumber: number): number {
  if (profile.rhythm === 'one-time') return 1;
  if (bad) return LEAVE_AFTER_BAD[bad.resolved ? 'resolved' : 'unresolved'];
  return visitNumber === 1 ? RHYTHMS[profile.rhythm].trialDropout : profile.dropout;
}

/** When each planned visit happens: an evening, to the minute, each gap after the one before. */
function eveningsOf(planned: readonly PlannedVisit[], firstVisit: number, random: () => number): number[] {
  let day = firstVisit;
  return planned.map((visit) => {
    day += visit.gapDays * DAY;
    return Date.parse(isoMinute(eveningOf(day, random)));
  });
}

/**
 * Members sign up and top up at the front desk just before their first game, and renew yearly
 * (most of them) while they still come. Returns the stored value they start with.
 */
function addMembership(
  firstVisit: number,
  until: number,
  goneAt: (at: number) => boolean,
  { add, pick, chance, between }: Recorder,
): number {
  const joinedAt = firstVisit - 10 * 60_000;
  let expiresAt = joinedAt + 365 * DAY;
  add(joinedAt, { type: 'membership', action: 'join', expiresAt: isoMinute(expiresAt) });
  const balance = pick([500, 1000, 2000]);
  add(joinedAt + 60_000, { type: 'stored_value', action: 'topup', amount: balance, balanceAfter: balance });
  while (expiresAt <= until) {
    const renewAt = expiresAt - between(0, 20) * DAY;
    if (goneAt(renewAt) || !chance(0.85)) {
      if (chance(0.5)) add(expiresAt, { type: 'membership', action: 'expire', expiresAt: isoMinute(expiresAt) });
      break;
    }
    expiresAt += 365 * DAY;
    add(renewAt, { type: 'membership', action: 'renew', expiresAt: isoMinute(expiresAt) });
  }
  return balance;
}

/**
 * One evening: the game and what it cost, paid from stored value when there is some, what the
 * customer said about it, and between visits a word from the engaged ones. Returns the balance left.
 */
function addVisit(
  visit: PlannedVisit,
  at: number,
  leaving: boolean,
  price: number,
  balance: number,
  recorder: Recorder,
): number {
  const { add, random, pick, chance, between } = recorder;
  const amount = Math.round((price + pick([0, 0, 20, 40])) * visit.spendFactor);
  const scriptId = pick(SCRIPTS);
  add(at, { type: 'visit', amount, scriptId, partySize: 2 + Math.floor(random() * 6) });
  const left = balance > 0 ? payFromStoredValue(balance, amount, at, leaving, recorder) : balance;
  if (visit.bad) addBadExperience(visit.bad, at, scriptId, leaving, recorder);
  else addPleasedFeedback(at, scriptId, recorder);
  // Between visits the engaged ones consult about new scripts and share them; nobody does after leaving.
  if (!leaving && chance(0.2))
    add(at + between(1, 14) * DAY, {
      type: 'interaction',
      channel: pick(['consult', 'share', 'share', 'message'] as const),
    });
  return left;
}

/** The game paid from stored value, topped up again by half of those who run low and are coming back. */
function payFromStoredValue(
  balance: number,
  amount: number,
  at: number,
  leaving: boolean,
  { add, pick, chance }: Recorder,
): number {
  const spent = Math.min(balance, amount);
  let left = balance - spent;
  add(at + 60_000, { type: 'stored_value', action: 'spend', amount: spent, balanceAfter: left });
  if (left < 150 && !leaving && chance(0.5)) {
    const topup = pick([500, 1000]);
    left += topup;
    add(at + 120_000, { type: 'stored_value', action: 'topup', amount: topup, balanceAfter: left });
  }
  return left;
}

/** After a good evening, now and then: a rating, a positive review, a survey. */
function addPleasedFeedback(at: number, scriptId: string, { add, random, pick, chance, between }: Recorder): void {
  // Most scripts please; one in five is "average" (3), which SPEC's low-rating indicator also counts.
  if (chance(0.3))
    add(at + 3 * 3_600_000, {
      type: 'rating',
      target: 'script',
      score: pick([5, 5, 5, 5, 4, 4, 4, 4, 3, 3]),
      scriptId,
    });
  if (chance(0.04))
    add(at + between(1, 3) * DAY, {
      type: 'review',
      platform: pick(['meituan', 'dianping', 'xiaohongshu', 'douyin'] as const),
      sentiment: 'positive',
      resolved: false,
    });
  if (chance(0.06)) add(at + DAY, { type: 'survey', score: 65 + Math.floor(random() * 36) });
}

/** Members and core customers hear of new scripts and events about monthly; those who have left turn them down. */
function addInvitations(
  firstVisit: number,
  until: number,
  goneAt: (at: number) => boolean,
  { add, pick, between }: Recorder,
): void {
  for (let at = firstVisit + between(20, 40) * DAY; at <= until; at += between(20, 40) * DAY) {
    const response = goneAt(at)
      ? pick(['ignored', 'ignored', 'ignored', 'declined', 'declined', 'perfunctory'] as const)
      : pick([
          'accepted',
          'accepted',
          'accepted',
          'accepted',
          'accepted',
          'accepted',
          'declined',
          'ignored',
          'ignored',
          'perfunctory',
        ] as const);
    add(at, { type: 'invitation', kind: pick(['event', 'new_script'] as const), response });
  }
}

function drawBadExperience(random: () => number): BadExperience {
  const roll = random();
  const target = roll < 0.4 ? 'script' : roll < 0.7 ? 'dm' : roll < 0.9 ? 'environment' : 'service';
  const rating = target !== 'service' && random() < 0.75 ? 1 + Math.floor(random() * 2) : undefined;
  let complaint =
    target === 'service' || random() < 0.5
      ? { severity: random() < 0.35 ? ('serious' as const) : ('minor' as const) }
      : undefined;
  const negativeReview = random() < 0.3;
  // Something is always on record: a bad evening nobody wrote down is not in the data.
  if (rating === undefined && complaint === undefined && !negativeReview) complaint = { severity: 'minor' };
  const resolved = (complaint !== undefined || negativeReview) && random() < 0.5;
  return { target, rating, complaint, negativeReview, resolved };
}

/** A low rating that evening, a complaint next day, a review on a platform; customer service calls back and may put it right. */
function addBadExperience(
  bad: BadExperience,
  at: number,
  scriptId: string,
  leaving: boolean,
  { add, random, pick, chance, between }: Recorder,
): void {
  if (bad.rating !== undefined)
    add(at + 3 * 3_600_000, {
      type: 'rating',
      target: bad.target,
      score: bad.rating,
      ...(bad.target === 'script' ? { scriptId } : {}),
    });
  const refs: string[] = [];
  let answeredAt = at;
  if (bad.complaint) {
    const complainedAt = at + between(0.5, 2) * DAY;
    refs.push(
      add(complainedAt, { type: 'complaint', severity: bad.complaint.severity, category: bad.target, resolved: false }),
    );
    answeredAt = complainedAt + between(1, 4) * DAY;
    add(answeredAt, {
      type: 'invitation',
      kind: 'callback',
      response: leaving
        ? pick(['declined', 'perfunctory', 'ignored'] as const)
        : pick(['accepted', 'accepted', 'perfunctory'] as const),
    });
  }
  if (bad.negativeReview) {
    const reviewedAt = at + between(0.5, 3) * DAY;
    refs.push(
      add(reviewedAt, {
        type: 'review',
        platform: pick(['meituan', 'dianping', 'xiaohongshu', 'douyin'] as const),
        sentiment: 'negative',
        resolved: false,
      }),
    );
    if (chance(leaving ? 0.5 : 0.1))
      add(reviewedAt + between(5, 15) * DAY, {
        type: 'contact_refused',
        reason: pick(['not interested', 'do not call again', 'hung up']),
      });
  }
  if (bad.resolved)
    for (const ref of refs)
      add(answeredAt + between(0, 3) * DAY, { type: 'resolution', ref, note: 'apologised, free session offered' });
  if (chance(0.25)) add(at + DAY, { type: 'survey', score: 20 + Math.floor(random() * 36) });
}
