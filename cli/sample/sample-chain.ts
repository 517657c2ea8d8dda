import type { CustomerFile } from '../../shared/customer/customer-file-schema.ts';
import type { CustomerEvent } from '../../shared/customer/event-schema.ts';
import { seededRandom } from '../../shared/model/seeded-random.ts';

/**
 * A believable chain of murder-mystery venues, generated from a seed: the same seed gives the
 * same customers and events, byte for byte. Each customer follows one story (loyal, drifting,
 * lapsed, unhappy, occasional, new), so a scan finds alerts at every level.
 */
export interface SampleOptions {
  customers: number;
  seed: number;
  /** The history ends here (epoch ms); it starts `months` months before. */
  until: number;
  months?: number;
  stores?: number;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '霞',
];
export const SCRIPTS = Array.from({ length: 40 }, (_, i) => `SCRIPT-${String(i + 1).padStart(3, '0')}`);
export const TASTES = ['hardcore', 'emotional', 'horror', 'comedy', 'mechanism', 'restoration'] as const;
export const DAY = 86_400_000;

/** STORE-01, STORE-02, ... */
export const storeIds = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `STORE-${String(i + 1).padStart(2, '0')}`);

/** An instant as the ledgers write it: to the minute, in UTC. */
export const isoMinute = (ms: number): string =>
  new Date(Math.round(ms / 60_000) * 60_000).toISOString().replace('.000Z', 'Z');

/** Evenings, when people play: 18:00-22:00 Beijing time is 10:00-14:00 UTC. */
/**
 * A customer's events as a sample writes them: numbered ids, times to the minute, and nothing
 * after the end of the history (what would happen later has not happened yet).
 */
export function eventRecorder(
  customerId: string,
  until: number,
): { events: CustomerEvent[]; add: (at: number, fields: Record<string, unknown>) => string } {
  let eventNumber = 0;
  const events: CustomerEvent[] = [];
  const add = (at: number, fields: Record<string, unknown>): string => {
    const eventId = `${customerId}-${++eventNumber}`;
    if (at <= until) events.push({ eventId, at: isoMinute(at), ...fields } as CustomerEvent);
    return eventId;
  };
  return { events, add };
}

export const eveningOf = (at: number, random: () => number): number =>
  Math.floor(at / DAY) * DAY + (10 + random() * 4) * 3_600_000;

/** A made-up Chinese name and mobile number (personal information in form only). */
export function sampleContact(random: () => number): { name: string; phone: string } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const name = `${pick(SURNAMES)}${pick(GIVEN)}${random() < 0.5 ? pick(GIVEN) : ''}`;
  const phone = `1${pick(['38', '39', '58', '86', '87'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
  return { name, phone };
}

type Story = 'loyal' | 'drifting' | 'lapsed' | 'unhappy' | 'occasional' | 'new';
const STORIES: Array<[Story, number]> = [
  ['loyal', 0.3],
  ['occasional', 0.22],
  ['drifting', 0.16],
  ['lapsed', 0.14],
  ['unhappy', 0.1],
  ['new', 0.08],
];

export function* sampleChain(options: SampleOptions): Generator<CustomerFile> {
  const random = seededRandom(options.seed);
  const stores = storeIds(options.stores ?? 3);
  const start = options.until - (options.months ?? 18) * 30 * DAY;
  for (let n = 0; n < options.customers; n++) {
    yield sampleCustomer(n, random, stores, start, options.until);
  }
}

function sampleCustomer(n: number, random: () => number, stores: string[], start: number, until: number): CustomerFile {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number): boolean => random() < p;
  const customerId = `C${String(n + 1).padStart(7, '0')}`;
  const { events, add } = eventRecorder(customerId, until);
  const evening = (day: number): number => eveningOf(day, random);

  let roll = random();
  let story: Story = 'loyal';
  for (const [name, weight] of STORIES) {
    roll -= weight;
    if (roll < 0) {
      story = name;
      break;
    }
  }
  const member = chance(story === 'loyal' ? 0.7 : 0.35);
  const core = story === 'loyal' ? chance(0.45) : chance(0.12);
  const firstVisit = story === 'new' ? until - random() * 45 * DAY : start + random() * 120 * DAY;
  const gapDays =
    story === 'loyal' ? 10 + random() * 20 : story === 'occasional' ? 50 + random() * 60 : 15 + random() * 25;
  const stopAt =
    story === 'lapsed'
      ? until - (95 + random() * 150) * DAY
      : story === 'drifting'
        ? until - (32 + random() * 50) * DAY
        : until - random() * 10 * DAY;
  const spend = 98 + Math.floor(random() * 4) * 50;

  let visits = 0;
  for (
    let at = firstVisit;
    at < stopAt;
    at += gapDays * DAY * (0.6 + random() * 0.8) * (story === 'drifting' && at > until - 200 * DAY ? 1.8 : 1)
  ) {
    const amount =
      story === 'drifting' && at > stopAt - 40 * DAY ? Math.round(spend * 0.3) : spend + Math.floor(random() * 3) * 20;
    add(evening(at), { type: 'visit', amount, scriptId: pick(SCRIPTS), partySize: 2 + Math.floor(random() * 6) });
    visits += 1;
    if (chance(0.25))
      add(evening(at) + 3 * 3_600_000, {
        type: 'rating',
        target: 'script',
        score: story === 'unhappy' ? 1 + Math.floor(random() * 3) : 3 + Math.floor(random() * 3),
        scriptId: pick(SCRIPTS),
      });
    if (chance(0.1))
      add(evening(at) + 3 * 3_600_000, {
        type: 'rating',
        target: pick(['dm', 'environment'] as const),
        score: story === 'unhappy' ? 1 + Math.floor(random() * 2) : 3 + Math.floor(random() * 3),
      });
    if (chance(0.15))
      add(at + 2 * DAY, { type: 'interaction', channel: pick(['consult', 'share', 'message'] as const) });
  }
  if (visits === 0 && story !== 'new')
    add(evening(firstVisit), { type: 'visit', amount: spend, scriptId: pick(SCRIPTS) });

  let expiresAt: number | undefined;
  if (member) {
    const joined = firstVisit;
    expiresAt = joined + 365 * DAY;
    add(joined, { type: 'membership', action: 'join', expiresAt: isoMinute(expiresAt) });
    if (story === 'loyal' && expiresAt < until) {
      expiresAt += 365 * DAY;
      add(expiresAt - 370 * DAY, { type: 'membership', action: 'renew', expiresAt: isoMinute(expiresAt) });
    }
    const topup = [300, 500, 1000][Math.floor(random() * 3)] as number;
    add(joined + DAY, { type: 'stored_value', action: 'topup', amount: topup, balanceAfter: topup });
    const lastUse = story === 'loyal' ? until - random() * 60 * DAY : joined + random() * 200 * DAY;
    if (lastUse < until && lastUse > joined + DAY) {
      add(lastUse, {
        type: 'stored_value',
        action: 'spend',
        amount: Math.round(topup / 3),
        balanceAfter: topup - Math.round(topup / 3),
      });
    }
  }
  if (story === 'unhappy' || chance(0.05)) {
    const at = until - random() * 50 * DAY;
    const complaint = add(at, {
      type: 'complaint',
      severity: chance(0.4) ? 'serious' : 'minor',
      category: pick(['script', 'dm', 'environment', 'service', 'other'] as const),
      resolved: false,
    });
    if (chance(0.4)) add(at + 2 * DAY, { type: 'resolution', ref: complaint, note: 'apologised, voucher offered' });
    if (story === 'unhappy' && chance(0.5))
      add(at + 5 * DAY, { type: 'complaint', severity: 'minor', category: 'service', resolved: false });
  }
  if (story === 'unhappy' && chance(0.6)) {
    const at = until - random() * 120 * DAY;
    add(at, {
      type: 'review',
      platform: pick(['meituan', 'dianping', 'xiaohongshu', 'douyin'] as const),
      sentiment: 'negative',
      resolved: false,
    });
    if (chance(0.4)) add(at + 7 * DAY, { type: 'contact_refused', reason: 'not interested' });
  }
  if (story === 'drifting' || story === 'lapsed' || chance(0.1)) {
    for (let i = 0; i < 1 + Math.floor(random() * 4); i++) {
      add(until - random() * 85 * DAY, {
        type: 'invitation',
        kind: pick(['event', 'new_script', 'callback'] as const),
        response: story === 'loyal' ? 'accepted' : pick(['declined', 'ignored', 'perfunctory', 'accepted'] as const),
      });
    }
  }
  if (story !== 'new' && chance(0.3)) {
    for (let i = 0; i < 2 + Math.floor(random() * 3); i++)
      add(start + random() * 200 * DAY, { type: 'interaction', channel: pick(['consult', 'share'] as const) });
  }
  if (chance(0.2))
    add(until - random() * 200 * DAY, {
      type: 'survey',
      score: story === 'unhappy' ? 30 + Math.floor(random() * 30) : 60 + Math.floor(random() * 40),
    });

  const contact = sampleContact(random);
  return {
    customerId,
    storeId: pick(stores),
    segment: member ? 'member' : 'regular',
    core,
    contact,
    tags: [pick(TASTES)],
    ...(member && expiresAt !== undefined ? { membership: { expiresAt: isoMinute(expiresAt) } } : {}),
    events,
  };
}
