import type { CustomerFile } from '../../shared/customer/customer-file-schema.ts';
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
import { seededRandom } from './seeded-random.ts';

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
  const random = seededRandom(options.seed);
  const stores = storeIds(options.stores ?? 4);
  const start = options.until - (options.months ?? 30) * 30 * DAY;
  const shares = (Object.keys(RHYTHMS) as Rhythm[]).map((rhythm): [Rhythm, number] => [
    rhythm,
    options.shares?.[rhythm] ?? RHYTHMS[rhythm].share,
  ]);
  const total = shares.reduce((sum, [, share]) => sum + share, 0);
  if (!(total > 0) || shares.some(([, share]) => !(share >= 0)))
    throw new RangeError('rhythm shares must be >= 0 and not all 0');
  const drawRhythm = (roll: number): Rhythm =>
    shares.find(([, share]) => (roll -= share / total) < 0)?.[0] ?? 'one-time';
  for (let n = 0; n < options.customers; n++) {
    yield rhythmCustomer(n, random, stores, start, options.until, drawRhythm);
  }
}

function rhythmCustomer(
  n: number,
  random: () => number,
  stores: string[],
  start: number,
  until: number,
  drawRhythm: (roll: number) => Rhythm,
): RhythmCustomer {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number): boolean => random() < p;
  const between = (low: number, high: number): number => low + random() * (high - low);
  const customerId = `C${String(n + 1).padStart(7, '0')}`;

  const storeIndex = Math.floor(random() * stores.length);
  const rhythm = drawRhythm(random());
  const traits = RHYTHMS[rhythm];
  const meanGap = between(...traits.meanGapDays);
  const dropout = traits.dropout * between(0.4, 1.6);
  const fades = chance(0.5);
  const member = chance(traits.member);
  const core = chance(traits.core);
  const price = pick([98, 128, 148, 198, 248]);
  // The chain keeps acquiring customers: first visits spread evenly over the whole history.
  const firstVisit = start + random() * (until - start);

  // 1. The visits as planned: each gap, whether it went badly, and whether the customer left after it.
  const badRate = weakStore(storeIndex) ? 2 * BAD_EXPERIENCE : BAD_EXPERIENCE;
  const planned: PlannedVisit[] = [];
  let stopReason: StopReason | undefined;
  let gapDays = 0;
  for (let at = firstVisit; at <= until; at += gapDays * DAY) {
    const bad = chance(badRate) ? drawBadExperience(random) : undefined;
    planned.push({ gapDays, spendFactor: 1, bad });
    const leave =
      rhythm === 'one-time'
        ? 1
        : bad
          ? LEAVE_AFTER_BAD[bad.resolved ? 'resolved' : 'unresolved']
          : planned.length === 1
            ? traits.trialDropout
            : dropout;
    if (chance(leave)) {
      stopReason = rhythm === 'one-time' ? 'one_visit' : bad ? 'bad_experience' : 'lost_interest';
      break;
    }
    // Gamma(shape 2) gaps, the sum of two exponential halves of the customer's mean: more regular
    // than the Poisson visits BG/NBD assumes. At least a day: one evening is one trip.
    gapDays = Math.max(1, (-meanGap / 2) * (Math.log(1 - random()) + Math.log(1 - random())));
  }
  // Half of those who lose interest fade first: the last two gaps stretch and the spend falls.
  if (stopReason === 'lost_interest' && fades && planned.length >= 4) {
    for (const visit of planned.slice(-2)) {
      visit.gapDays *= between(1.6, 2.2);
      visit.spendFactor = between(0.3, 0.55);
    }
  }

  // 2. The events, as the cashier, member system, customer service and platforms record them.
  const { events, add } = eventRecorder(customerId, until);
  const visitTimes: number[] = [];
  let day = firstVisit;
  for (const visit of planned) {
    day += visit.gapDays * DAY;
    visitTimes.push(Date.parse(isoMinute(eveningOf(day, random))));
  }
  const seen = visitTimes.filter((at) => at <= until);
  const lastVisit = seen.at(-1) as number;
  const stoppedAfter = stopReason !== undefined && seen.length === planned.length ? lastVisit : undefined;
  const goneAt = (at: number): boolean => stoppedAfter !== undefined && at > stoppedAfter;

  let balance = 0;
  if (member) {
    // Members sign up and top up at the front desk just before their first game.
    const joinedAt = (visitTimes[0] as number) - 10 * 60_000;
    let expiresAt = joinedAt + 365 * DAY;
    add(joinedAt, { type: 'membership', action: 'join', expiresAt: isoMinute(expiresAt) });
    balance = pick([500, 1000, 2000]);
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
  }

  planned.forEach((visit, i) => {
    const at = visitTimes[i] as number;
    const leaving = stopReason !== undefined && i === planned.length - 1;
    const amount = Math.round((price + pick([0, 0, 20, 40])) * visit.spendFactor);
    const scriptId = pick(SCRIPTS);
    add(at, { type: 'visit', amount, scriptId, partySize: 2 + Math.floor(random() * 6) });
    if (balance > 0) {
      const spent = Math.min(balance, amount);
      balance -= spent;
      add(at + 60_000, { type: 'stored_value', action: 'spend', amount: spent, balanceAfter: balance });
      if (balance < 150 && !leaving && chance(0.5)) {
        const topup = pick([500, 1000]);
        balance += topup;
        add(at + 120_000, { type: 'stored_value', action: 'topup', amount: topup, balanceAfter: balance });
      }
    }
    if (visit.bad) {
      addBadExperience(visit.bad, at, scriptId, leaving, { add, random, pick, chance, between });
    } else {
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
    // Between visits the engaged ones consult about new scripts and share them; nobody does after leaving.
    if (!leaving && chance(0.2))
      add(at + between(1, 14) * DAY, {
        type: 'interaction',
        channel: pick(['consult', 'share', 'share', 'message'] as const),
      });
  });

  // Members and core customers hear of new scripts and events about monthly; those who have left turn them down.
  if (member || core) {
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

  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const contact = sampleContact(random);
  return {
    // No `membership` block: an export's current expiry and balance would tell a backtest about renewals after its as-of date; the events carry both.
    file: {
      customerId,
      storeId: stores[storeIndex] as string,
      segment: member ? 'member' : 'regular',
      core,
      contact,
      tags: [pick(TASTES)],
      events,
    },
    rhythm,
    stoppedAfter,
    stopReason: stoppedAfter === undefined ? undefined : stopReason,
  };
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

interface Draws {
  add: (at: number, fields: Record<string, unknown>) => string;
  random: () => number;
  pick: <T>(items: readonly T[]) => T;
  chance: (p: number) => boolean;
  between: (low: number, high: number) => number;
}

/** A low rating that evening, a complaint next day, a review on a platform; customer service calls back and may put it right. */
function addBadExperience(
  bad: BadExperience,
  at: number,
  scriptId: string,
  leaving: boolean,
  { add, random, pick, chance, between }: Draws,
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
