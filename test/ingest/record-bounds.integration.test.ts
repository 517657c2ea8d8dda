import { beforeAll, describe, expect, it } from 'vitest';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { type IngestApi, ingestApi } from '../helpers/ingest-api.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';

let local: LocalTables;
let api: IngestApi;
let writer: CustomerEventWriter;

beforeAll(async () => {
  local = await localTables();
  api = await ingestApi(local);
  writer = new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 });
  await api.postCustomers({
    customers: ['B-1', 'B-2', 'B-3'].map((customerId) => ({ customerId, storeId: 'S1', segment: 'regular' })),
  });
});

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const base = (eventId: string, customerId = 'B-1') => ({
  eventId,
  customerId,
  storeId: 'S1',
  at: '2026-11-01T19:00:00+08:00',
});

describe('bounds on every record, named by record and field', () => {
  it('refuses texts and ids past their length, control characters and broken Unicode', async () => {
    const reply = await api.postEvents({
      events: [
        { ...base('x'.repeat(65)), type: 'visit', amount: 1 },
        { ...base('t-1'), type: 'visit', amount: 1, scriptId: 's'.repeat(65) },
        { ...base('t-2'), type: 'contact_refused', reason: '不'.repeat(501) },
        { ...base('t-3'), type: 'resolution', ref: 'r'.repeat(200_000) },
        { ...base('t-4'), type: 'resolution', ref: 'c-1', note: 'n'.repeat(1_001) },
        { ...base('t-5'), type: 'contact_refused', reason: 'line\u0000break' },
        { ...base('t-6'), type: 'contact_refused', reason: 'half \ud800 a pair' },
        { ...base('t-7'), type: 'resolution', ref: 'c-1', note: '好'.repeat(1_000) },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.accepted).toBe(1);
    expect(reply.body.rejected).toEqual([
      { index: 0, eventId: 'x'.repeat(65), field: 'eventId', message: 'too long: at most 64 characters' },
      { index: 1, eventId: 't-1', field: 'scriptId', message: 'too long: at most 64 characters' },
      { index: 2, eventId: 't-2', field: 'reason', message: 'too long: at most 500 characters' },
      { index: 3, eventId: 't-3', field: 'ref', message: 'too long: at most 64 characters' },
      { index: 4, eventId: 't-4', field: 'note', message: 'too long: at most 1000 characters' },
      { index: 5, eventId: 't-5', field: 'reason', message: 'must not contain control characters' },
      { index: 6, eventId: 't-6', field: 'reason', message: 'not valid Unicode (a lone surrogate)' },
    ]);
  });

  it('refuses amounts above the maximum, and numbers that are not finite', async () => {
    const body = JSON.stringify({
      events: [
        { ...base('a-1'), type: 'visit', amount: 1e299 },
        { ...base('a-2'), type: 'visit', amount: 1e300 },
        { ...base('a-3'), type: 'stored_value', action: 'topup', amount: 500, balanceAfter: 2e6 },
        { ...base('a-4'), type: 'visit', amount: 1_000_000 },
      ],
    }).replace('1e+299', '1e400'); // JSON.parse reads 1e400 as Infinity
    const reply = await api.postEvents(body);
    expect(reply.body.rejected).toEqual([
      { index: 0, eventId: 'a-1', field: 'amount', message: 'expected number, received Infinity' },
      { index: 1, eventId: 'a-2', field: 'amount', message: 'above the maximum of 1000000 yuan' },
      { index: 2, eventId: 'a-3', field: 'balanceAfter', message: 'above the maximum of 1000000 yuan' },
    ]);
    expect(reply.body.accepted).toBe(1);
  });

  it('refuses instants after now plus a day or before 2000, and memberships paid centuries ahead', async () => {
    const now = Date.now();
    const reply = await api.postEvents({
      events: [
        { ...base('i-1'), type: 'visit', amount: 1, at: '2099-01-01T00:00:00+08:00' },
        { ...base('i-2'), type: 'visit', amount: 1, at: '1970-01-01T00:00:00Z' },
        { ...base('i-3'), type: 'complaint', severity: 'minor', category: 'dm', respondedAt: iso(now + 3 * DAY) },
        { ...base('i-4'), type: 'membership', action: 'renew', expiresAt: '2300-01-01T00:00:00+08:00' },
        { ...base('i-5'), type: 'visit', amount: 1, at: iso(now + 20 * 3_600_000) },
        { ...base('i-6'), type: 'membership', action: 'renew', expiresAt: iso(now + 5 * 365 * DAY) },
      ],
    });
    expect(reply.body.rejected).toEqual([
      {
        index: 0,
        eventId: 'i-1',
        field: 'at',
        message: 'in the future: more than 1 day after the time it was received',
      },
      {
        index: 1,
        eventId: 'i-2',
        field: 'at',
        message: 'before 2000-01-01T00:00:00+08:00, the earliest instant accepted',
      },
      {
        index: 2,
        eventId: 'i-3',
        field: 'respondedAt',
        message: 'in the future: more than 1 day after the time it was received',
      },
      { index: 3, eventId: 'i-4', field: 'expiresAt', message: 'in the future: more than 20 years ahead' },
    ]);
    // Clock skew of a till within the day is taken.
    expect(reply.body.accepted).toBe(2);
  });

  it("lets no future-dated event prune a customer's history: the recent complaints and visits stay", async () => {
    const now = Date.now();
    const history = [
      ...[200, 100, 40].map((days, i) => ({
        ...base(`h-v${i}`, 'B-2'),
        type: 'visit',
        amount: 120,
        at: iso(now - days * DAY),
      })),
      ...[20, 10].map((days, i) => ({
        ...base(`h-c${i}`, 'B-2'),
        type: 'complaint',
        severity: 'serious',
        category: 'service',
        at: iso(now - days * DAY),
      })),
    ];
    expect((await api.postEvents({ events: history })).body).toMatchObject({ accepted: 5 });
    const before = await writer.read('B-2');
    const attack = await api.postEvents({
      events: [{ ...base('h-2099', 'B-2'), type: 'visit', amount: 1, at: '2099-01-01T00:00:00+08:00' }],
    });
    expect(attack.body.rejected).toEqual([expect.objectContaining({ index: 0, field: 'at' })]);
    const after = await writer.read('B-2');
    expect(after?.state).toEqual(before?.state);
    expect(after?.state.complaints).toHaveLength(2);
    expect(after?.state.visits.recentAt).toHaveLength(3);
  });

  it('bounds what a profile carries: contact fields, tags, the balance and the expiry', async () => {
    const reply = await api.postCustomers({
      customers: [
        {
          customerId: 'P-1',
          storeId: 'S1',
          segment: 'member',
          contact: { name: '王'.repeat(101), phone: '1'.repeat(33), email: `${'e'.repeat(250)}@x.cn` },
        },
        { customerId: 'P-2', storeId: 'S1', segment: 'member', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) },
        { customerId: 'P-3', storeId: 'S1', segment: 'member', tags: ['x'.repeat(33)] },
        {
          customerId: 'P-4',
          storeId: 'S1',
          segment: 'member',
          membership: { storedValueBalance: 5e6, expiresAt: '2400-01-01T00:00:00Z' },
        },
        {
          customerId: 'P-5',
          storeId: 'S1',
          segment: 'member',
          contact: { name: '王芳', phone: '13812345678' },
          tags: ['悬疑'],
        },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.accepted).toBe(1);
    expect(reply.body.rejected).toEqual([
      { index: 0, field: 'contact.name', message: 'too long: at most 100 characters' },
      { index: 0, field: 'contact.phone', message: 'too long: at most 32 characters' },
      { index: 0, field: 'contact.email', message: 'too long: at most 254 characters' },
      { index: 1, field: 'tags', message: 'at most 50 tags' },
      { index: 2, field: 'tags[0]', message: 'too long: at most 32 characters' },
      { index: 3, field: 'membership.expiresAt', message: 'in the future: more than 20 years ahead' },
      { index: 3, field: 'membership.storedValueBalance', message: 'above the maximum of 1000000 yuan' },
    ]);
  });
});
