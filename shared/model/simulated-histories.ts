import type { CustomerFile } from '../customer/customer-file-schema.ts';
import { DAY_MS } from '../time/zoned-clock.ts';
import type { BgNbdParams } from './bg-nbd.ts';
import { seededUniform53 } from './seeded-random.ts';
import { logGammaVariate } from './simulate-bg-nbd.ts';

/**
 * Visit histories drawn from processes whose truth is known, for the risk model's tests and
 * benchmark: the BG/NBD process itself (so the true probability of no visit is known for every
 * customer), and businesses of other rhythms (weekly game clubs, monthly diners, yearly buyers)
 * whose visits are more regular than BG/NBD assumes. Histories run past `until` by `beyondDays`,
 * so what happened after a fit is known too. Deterministic for a seed; visits only.
 */
export interface SimulatedChainOptions {
  customers: number;
  seed: number;
  /** The fit's as-of moment (epoch ms): first visits fall in the `historyDays` before it. */
  until: number;
  historyDays: number;
  /** How long the histories go on after `until`. */
  beyondDays: number;
  stores?: number;
}

const storeOf = (i: number, stores: number): string => `STORE-${String((i % stores) + 1).padStart(2, '0')}`;
/** An evening (18:00-22:00 in Beijing) of the day of an instant. */
const evening = (at: number, random: () => number): number =>
  Math.floor(at / DAY_MS) * DAY_MS + (10 + random() * 4) * 3_600_000;

function fileOf(
  customerId: string,
  storeId: string,
  visits: readonly number[],
  amounts: readonly number[],
): CustomerFile {
  return {
    customerId,
    storeId,
    segment: 'regular',
    core: false,
    events: visits.map((at, n) => ({
      eventId: `${customerId}-${n + 1}`,
      type: 'visit' as const,
      at: new Date(Math.round(at / 60_000) * 60_000).toISOString(),
      amount: amounts[n] as number,
    })),
  };
}

/**
 * The BG/NBD process in calendar time, its rate in visits per week: each customer's first visit
 * uniformly in the history, then visits at their Poisson rate λ ~ Gamma(r, α), each followed by
 * leaving for good with probability p ~ Beta(a, b). Visits land on distinct evenings.
 */
export function simulateBgNbdChain(params: BgNbdParams, options: SimulatedChainOptions): CustomerFile[] {
  const random = seededUniform53(options.seed);
  const end = options.until + options.beyondDays * DAY_MS;
  const files: CustomerFile[] = [];
  for (let i = 0; i < options.customers; i++) {
    const lambdaPerDay = Math.exp(logGammaVariate(params.r, random)) / params.alpha / 7;
    const p = 1 / (1 + Math.exp(logGammaVariate(params.b, random) - logGammaVariate(params.a, random)));
    const first = options.until - random() * options.historyDays * DAY_MS;
    const visits = [evening(first, random)];
    let time = first;
    for (;;) {
      time += (-Math.log(random()) / lambdaPerDay) * DAY_MS;
      if (!(time <= end)) break;
      const at = evening(time, random);
      if (at > (visits.at(-1) as number) + DAY_MS / 2 && at <= end) visits.push(at);
      if (random() < p) break;
    }
    const price = 60 + Math.floor(random() * 5) * 40;
    files.push(
      fileOf(
        `B${String(i + 1).padStart(6, '0')}`,
        storeOf(i, options.stores ?? 1),
        visits,
        visits.map(() => price),
      ),
    );
  }
  return files;
}

/** A kind of business by the rhythm of its regulars. */
export interface VisitRhythm {
  name: string;
  /** Each customer's own mean days between visits is drawn evenly from this range. */
  meanGapDays: readonly [number, number];
  /** Chance of never coming back after the first visit. */
  trialDropout: number;
  /** Mean chance of leaving after each later visit (each customer 0.4x to 1.6x). */
  dropout: number;
}

export const VISIT_RHYTHMS: readonly VisitRhythm[] = [
  { name: 'weekly game club', meanGapDays: [5, 10], trialDropout: 0.3, dropout: 0.03 },
  { name: 'monthly diner', meanGapDays: [20, 45], trialDropout: 0.35, dropout: 0.08 },
  { name: 'yearly buyer', meanGapDays: [300, 420], trialDropout: 0.4, dropout: 0.25 },
];

/**
 * Customers who keep a rhythm until they leave: gaps Gamma(shape 2) around their own mean (more
 * regular than Poisson), the chance of leaving after each visit; half of those who leave after
 * three or more visits fade first (the last two gaps stretch, the spend falls).
 */
export function simulateRhythmChain(rhythm: VisitRhythm, options: SimulatedChainOptions): CustomerFile[] {
  const random = seededUniform53(options.seed);
  const end = options.until + options.beyondDays * DAY_MS;
  const files: CustomerFile[] = [];
  for (let i = 0; i < options.customers; i++) {
    const [low, high] = rhythm.meanGapDays;
    const meanGap = low + random() * (high - low);
    const dropout = rhythm.dropout * (0.4 + 1.2 * random());
    const fades = random() < 0.5;
    const price = 60 + Math.floor(random() * 5) * 40;
    const gaps: number[] = [];
    let leaves = false;
    let total = 0;
    const first = options.until - random() * options.historyDays * DAY_MS;
    for (let n = 0; first + total * DAY_MS <= end; n++) {
      if (random() < (n === 0 ? rhythm.trialDropout : dropout)) {
        leaves = true;
        break;
      }
      const gap = Math.max(1, (-meanGap / 2) * (Math.log(random()) + Math.log(random())));
      gaps.push(gap);
      total += gap;
    }
    if (leaves && fades && gaps.length >= 3) {
      for (let k = gaps.length - 2; k < gaps.length; k++) gaps[k] = (gaps[k] as number) * (1.6 + 0.6 * random());
    }
    const visits = [evening(first, random)];
    const amounts = [price];
    let at = first;
    gaps.forEach((gap, k) => {
      at += gap * DAY_MS;
      const fading = leaves && fades && gaps.length >= 3 && k >= gaps.length - 2;
      const visit = evening(at, random);
      if (visit <= end && visit > (visits.at(-1) as number) + DAY_MS / 2) {
        visits.push(visit);
        amounts.push(Math.round(price * (fading ? 0.3 + 0.3 * random() : 1)));
      }
    });
    files.push(fileOf(`R${String(i + 1).padStart(6, '0')}`, storeOf(i, options.stores ?? 1), visits, amounts));
  }
  return files;
}
