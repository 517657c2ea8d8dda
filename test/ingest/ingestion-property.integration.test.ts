import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { customerOf } from '#shared/adapters/dynamodb/customer-scan.ts';
import { itemBytes, MAX_CUSTOMER_ITEM_BYTES } from '#shared/adapters/dynamodb/item-size.ts';
import { scanItems } from '#shared/adapters/dynamodb/scan-items.ts';
import type { CustomerEvent } from '#shared/customer/event-schema.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { PolicyScorer } from '#shared/scoring/policy-scorer.ts';
import { emptyCustomerState } from '#shared/state/customer-state.ts';
import { foldHistory } from '#shared/state/fold-history.ts';
import { type ApiReply, type IngestApi, ingestApi } from '../helpers/ingest-api.ts';
import { type LocalTables, localTables, storedEvents } from '../helpers/local-tables.ts';
import { seededRandom, shuffled } from '../helpers/random-history.ts';

/**
 * Random batches as careless senders and an attacker would send them: ids that collide across
 * customers, records repeated within and across batches, late and out-of-order records, records
 * dated in the future or before 2000, oversized texts and amounts, unknown stores, customers never
 * profiled, a customer whose file is full, and the same id reused for other content. Sent in four
 * concurrent lanes, then all sent again in another order. In the end: every valid record is in its
 * customer's file exactly once, every invalid one was refused with the field named, every time.
 */

let local: LocalTables;
let api: IngestApi;

const DAY = 86_400_000;
const NOW = Date.now();
const STORES = ['STORE-01', 'STORE-02', 'STORE-03'];
/** Each run has its own customers (the tables are the file's). */
const customersOf = (seed: number) =>
  Array.from({ length: 12 }, (_, i) => ({
    customerId: `P${seed}-${String(i).padStart(2, '0')}`,
    storeId: STORES[i % 3] as string,
  }));
const poisonedOf = (seed: number) => `P${seed}-FULL`;

type Sent = Record<string, unknown> & { customerId: string; eventId: string };
interface Planned {
  record: Sent;
  /** valid: must end in the file once; alternative: one content of a reused id; invalid: refused naming `field`. */
  kind: 'valid' | 'alternative' | 'invalid';
  field?: string;
}

const key = (record: { customerId: string; eventId: string }) => `${record.customerId}|${record.eventId}`;

function plan(seed: number, random: () => number): Planned[] {
  const CUSTOMERS = customersOf(seed);
  const pick = <T>(options: readonly T[]): T => options[Math.floor(random() * options.length)] as T;
  const at = (daysAgo: number) => new Date(NOW - daysAgo * DAY - Math.floor(random() * DAY)).toISOString();
  const planned: Planned[] = [];
  for (const { customerId, storeId } of CUSTOMERS) {
    // Every customer draws ids from the same small pool: the same "1007" means another event for each.
    const ids = shuffled(
      Array.from({ length: 30 }, (_, k) => String(1000 + k)),
      random,
    ).slice(0, 14);
    ids.forEach((eventId, n) => {
      // Late records: anything up to two years back, in any order.
      const when = at(random() < 0.2 ? 400 + random() * 330 : random() * 120);
      const type = pick([
        'visit',
        'visit',
        'visit',
        'complaint',
        'review',
        'survey',
        'rating',
        'interaction',
        'resolution',
      ] as const);
      const fields: Record<string, unknown> = {
        visit: { amount: Math.round(random() * 50_000) / 100 },
        complaint: { severity: pick(['minor', 'serious']), category: pick(['dm', 'environment', 'service']) },
        review: { platform: 'meituan', sentiment: pick(['neutral', 'negative']) },
        survey: { score: Math.round(random() * 100) },
        rating: {
          target: pick(['script', 'dm']),
          score: 1 + Math.floor(random() * 5),
          scriptId: pick(['雾都', 'S-2']),
        },
        interaction: { channel: pick(['consult', 'share']) },
        resolution: { ref: pick(ids), note: '已道歉并补偿' },
      }[type] as Record<string, unknown>;
      const record = { eventId, customerId, storeId, type, at: when, ...fields } as Sent;
      planned.push({ record, kind: 'valid' });
      // Now and then the sender reuses an id for something else.
      if (n < 2 && type === 'visit') {
        planned.at(-1)!.kind = 'alternative';
        planned.push({ record: { ...record, amount: (record.amount as number) + 1 }, kind: 'alternative' });
      }
    });
  }
  const someone = () => pick(CUSTOMERS);
  const invalid = (field: string, record: Sent) => planned.push({ record, kind: 'invalid', field });
  const base = (eventId: string, who = someone()) => ({
    eventId,
    ...who,
    type: 'visit',
    at: at(random() * 30),
    amount: 100,
  });
  for (let i = 0; i < 4; i++) {
    invalid('at', {
      ...base(`f-${i}`),
      at: pick(['2099-01-01T00:00:00+08:00', new Date(NOW + 3 * DAY).toISOString()]),
    });
    invalid('at', { ...base(`o-${i}`), at: pick(['1999-12-31T12:00:00+08:00', '1970-01-01T00:00:00Z']) });
    invalid('amount', { ...base(`m-${i}`), amount: pick([1e300, 1e7]) });
    invalid('note', { ...base(`n-${i}`), type: 'resolution', ref: '1001', note: '长'.repeat(1_001 + i * 20_000) });
    invalid('eventId', base('x'.repeat(65 + i)));
    invalid('storeId', { ...base(`s-${i}`), storeId: 'STORE-09' });
    invalid('customerId', { ...base(`g-${i}`), customerId: `GHOST${seed}-${i}`, storeId: 'STORE-01' });
    invalid('customerId', { ...base(`p-${i}`), customerId: poisonedOf(seed), storeId: 'STORE-01' });
  }
  return planned;
}

/**
 * Posts a batch as docs/data-model.md (Ingestion) asks a sender to: a 503 or 429 (the API ran short of time or was
 * throttled: nothing of the batch is lost, and resending is safe) is sent again after its
 * Retry-After. A loaded machine answers some batches so; what is tested is the end state.
 */
async function postAsASenderWould(batch: Planned[]): Promise<{ reply: ApiReply; resent: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const reply = await api.postEvents({ events: batch.map((planned) => planned.record) });
    if ((reply.status !== 503 && reply.status !== 429) || attempt >= 5) return { reply, resent: attempt > 1 };
    expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}

/** Sends the records in random batches over four concurrent lanes; returns each reply with the records it answered. */
async function sendAll(
  records: Planned[],
  random: () => number,
): Promise<Array<{ batch: Planned[]; reply: ApiReply; resent: boolean }>> {
  const batches: Planned[][] = [];
  for (let start = 0; start < records.length; ) {
    const size = 1 + Math.floor(random() * 60);
    batches.push(records.slice(start, start + size));
    start += size;
  }
  const answered: Array<{ batch: Planned[]; reply: ApiReply; resent: boolean }> = [];
  await Promise.all(
    [0, 1, 2, 3].map(async (lane) => {
      for (let i = lane; i < batches.length; i += 4) {
        const batch = batches[i] as Planned[];
        answered.push({ batch, ...(await postAsASenderWould(batch)) });
      }
    }),
  );
  return answered;
}

beforeAll(async () => {
  local = await localTables();
  api = await ingestApi(local, STORES);
});

/** The member system's profiles, and one customer whose file is full (other writers' attributes): nothing more fits. */
async function profile(seed: number): Promise<void> {
  const POISONED = poisonedOf(seed);
  expect(
    (
      await api.postCustomers({
        customers: [...customersOf(seed), { customerId: POISONED, storeId: 'STORE-01' }].map((c) => ({
          ...c,
          segment: 'regular',
        })),
      })
    ).body,
  ).toMatchObject({ accepted: 13 });
  const full = {
    customerId: POISONED,
    storeId: 'STORE-01',
    segment: 'regular',
    core: false,
    state: JSON.stringify(emptyCustomerState()),
    version: 9,
    updatedAt: new Date(NOW).toISOString(),
  };
  await local.doc.send(
    new PutCommand({
      TableName: local.names.customers,
      Item: { ...full, caseNotes: 'x'.repeat(MAX_CUSTOMER_ITEM_BYTES - itemBytes(full) - 20) },
    }),
  );
}

describe('ingestion under random, concurrent, repeated, hostile batches (DynamoDB Local, through the HTTP API handler)', () => {
  it.each([11, 29])(
    "seed %i: every valid record lands in its customer's file exactly once, every invalid one is refused naming its field",
    async (seed) => {
      await profile(seed);
      const CUSTOMERS = customersOf(seed);
      const POISONED = poisonedOf(seed);
      const random = seededRandom(seed);
      const planned = plan(seed, random);
      // Some records are sent twice in the first round already, and everything again in the second.
      const firstRound = shuffled([...planned, ...planned.filter(() => random() < 0.25)], random);
      const rounds = [await sendAll(firstRound, random), await sendAll(shuffled(planned, random), random)];

      const acceptedTimes = new Map<string, number>();
      const contents = new Map<string, Set<string>>();
      // A batch answered 503 may have been taken in part before the API ran short of time: its resend calls those duplicates.
      const resentKeys = new Set<string>();
      for (const { batch, reply, resent } of rounds.flat()) {
        if (resent) for (const item of batch) if (item.kind !== 'invalid') resentKeys.add(key(item.record));
        expect(reply.status).toBe(200);
        expect(reply.body.failed).toEqual([]);
        const refused = new Map<number, Array<{ field: string; message: string }>>();
        for (const issue of reply.body.rejected as Array<{ index: number; field: string; message: string }>)
          refused.set(issue.index, [...(refused.get(issue.index) ?? []), issue]);
        const duplicates = new Set(
          (reply.body.duplicates as Array<{ index: number }>).map((duplicate) => duplicate.index),
        );
        batch.forEach((item, index) => {
          const issues = refused.get(index) ?? [];
          if (item.kind === 'invalid') {
            expect(
              issues.map((issue) => issue.field),
              JSON.stringify(item.record).slice(0, 200),
            ).toContain(item.field);
            for (const issue of issues) expect(issue.message.length).toBeGreaterThan(5);
            return;
          }
          const k = key(item.record);
          if (item.kind === 'alternative' && issues.length > 0) {
            expect(issues).toEqual([
              expect.objectContaining({ field: 'amount', message: expect.stringMatching(/^conflict: /) }),
            ]);
            return;
          }
          expect(issues, `${k} refused: ${JSON.stringify(issues)}`).toEqual([]);
          if (!duplicates.has(index)) {
            acceptedTimes.set(k, (acceptedTimes.get(k) ?? 0) + 1);
            contents.set(k, new Set([...(contents.get(k) ?? []), JSON.stringify(item.record)]));
          }
        });
      }

      // Exactly once: a valid record (or one content of a reused id) was taken once, and that is what the file holds.
      const keys = new Set(planned.filter((item) => item.kind !== 'invalid').map((item) => key(item.record)));
      for (const k of keys) {
        // Never reported taken twice; reported taken once unless only a 503'd batch carried it (the file, below, is the proof).
        expect(acceptedTimes.get(k) ?? 0, k).toBeLessThanOrEqual(1);
        if (!resentKeys.has(k)) expect(acceptedTimes.get(k), k).toBe(1);
      }
      for (const { customerId } of CUSTOMERS) {
        const items = await storedEvents(local, customerId);
        const stored = items.map((item) => JSON.parse(String(item.event)) as CustomerEvent);
        expect(stored.map((event) => key({ customerId, eventId: event.eventId })).sort()).toEqual(
          [...keys].filter((k) => k.startsWith(`${customerId}|`)).sort(),
        );
        for (const event of stored) {
          const k = key({ customerId, eventId: event.eventId });
          // What a reply said it took; for a record only a 503'd batch carried, one of the contents sent under its key.
          const candidates = [
            ...(contents.get(k) ??
              planned
                .filter((item) => item.kind !== 'invalid' && key(item.record) === k)
                .map((item) => JSON.stringify(item.record))),
          ];
          const matching = candidates.filter((taken) => {
            const { customerId: _c, storeId: _s, ...sent } = JSON.parse(taken) as Sent;
            return Object.entries(sent).every(
              ([field, value]) => JSON.stringify((event as Record<string, unknown>)[field]) === JSON.stringify(value),
            );
          });
          expect(matching.length, k).toBe(1);
        }
        // The state is the fold of exactly those events.
        const item = (
          await scanItems(local.doc, {
            TableName: local.names.customers,
            FilterExpression: 'customerId = :c',
            ExpressionAttributeValues: { ':c': customerId },
            ConsistentRead: true,
          })
        )[0];
        expect(customerOf(item ?? {}).state).toEqual(foldHistory(stored).state);
      }
      expect(
        await scanItems(local.doc, {
          TableName: local.names.events,
          FilterExpression: 'begins_with(customerId, :g) OR customerId = :p',
          ExpressionAttributeValues: { ':g': `GHOST${seed}`, ':p': POISONED },
        }),
      ).toEqual([]);

      // And a scan of the whole chain gets through every customer, the full one included.
      const { assess } = new PolicyScorer(presetPolicy('script-kill')).at(NOW);
      const all = await scanItems(local.doc, { TableName: local.names.customers });
      expect(all.filter((each) => String(each.customerId).startsWith(`P${seed}-`))).toHaveLength(CUSTOMERS.length + 1);
      for (const each of all) {
        const customer = customerOf(each);
        expect(() => assess({ profile: customer.profile, state: customer.state })).not.toThrow();
      }
    },
    120_000,
  );
});
