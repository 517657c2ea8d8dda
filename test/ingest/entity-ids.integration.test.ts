import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { CustomerEventWriter } from '#shared/adapters/dynamodb/customer-event-writer.ts';
import { executionName } from '#shared/cases/execution-name.ts';
import { parseCustomerLine } from '#shared/customer/customer-line.ts';
import { parseEventCsvRow } from '#shared/customer/event-csv-row.ts';
import { staffDirectorySchema } from '#shared/staff/staff-directory.ts';
import { ENTITY_ID_RULE } from '#shared/validation/entity-id.ts';
import { fieldIssues } from '#shared/validation/field-issues.ts';
import { httpPost, lambdaContext } from '../helpers/http-event.ts';
import { useLocalLambdaEnvironment } from '../helpers/local-lambda-env.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';

let local: LocalTables;
type Post = (body: unknown) => Promise<{ status: number; body: { accepted?: unknown; rejected?: unknown } }>;
let postEvents: Post;
let postCustomers: Post;

beforeAll(async () => {
  local = await localTables();
  useLocalLambdaEnvironment(local.names);
  const poster =
    (
      path: string,
      handler: (event: ReturnType<typeof httpPost>, context: typeof lambdaContext) => Promise<unknown>,
    ): Post =>
    async (body) => {
      const result = (await handler(httpPost(path, body), lambdaContext)) as APIGatewayProxyStructuredResultV2;
      return { status: result.statusCode ?? 0, body: JSON.parse(String(result.body)) };
    };
  postEvents = poster('/v1/events', (await import('../../functions/ingest-events/handler.ts')).handler as never);
  postCustomers = poster(
    '/v1/customers',
    (await import('../../functions/ingest-customers/handler.ts')).handler as never,
  );
});

const RULE = `expected ${ENTITY_ID_RULE}`;
/** Ids that would break a key joined with '#', a path, a URL or a log line. */
const BAD = ['C#7', 'C/7', 'C 7', 'C-😀', 'C\u00007'];

describe('the id rule for customers, stores and people, enforced where ids come in', () => {
  it('refuses an event whose customer or store id has #, /, a space, an emoji or a control character, naming the record and field, and accepts the rest of the batch', async () => {
    await postCustomers({
      customers: [
        { customerId: '客户-张三', storeId: 'S1', segment: 'regular' },
        { customerId: 'C-8', storeId: '上海.静安', segment: 'regular' },
      ],
    });
    const visit = (eventId: string, customerId: string, storeId = 'S1') => ({
      eventId,
      customerId,
      storeId,
      type: 'visit',
      at: '2026-11-01T19:00:00+08:00',
      amount: 88,
    });
    const reply = await postEvents({
      events: [
        visit('id-ok-zh', '客户-张三'),
        ...BAD.map((id, i) => visit(`id-bad-c${i}`, id)),
        visit('id-bad-store', 'C-8', '上海#静安'),
        visit('id-ok-latin', 'C-8', '上海.静安'),
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.accepted).toBe(2);
    expect(reply.body.rejected).toEqual([
      ...BAD.map((_, i) => ({ index: i + 1, eventId: `id-bad-c${i}`, field: 'customerId', message: RULE })),
      { index: 6, eventId: 'id-bad-store', field: 'storeId', message: RULE },
    ]);
    // The Chinese id is a customer like any other: its file is written and read back by that id.
    const writer = new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 });
    expect((await writer.read('客户-张三'))?.state.visits.count).toBe(1);
    expect((await writer.read('C-8'))?.profile.storeId).toBe('上海.静安');
  });

  it('refuses a profile with such an id and writes the good ones', async () => {
    const profile = (customerId: string) => ({ customerId, storeId: 'S1', segment: 'member' });
    const reply = await postCustomers({ customers: [profile('会员:0001'), ...BAD.map(profile), profile('')] });
    expect(reply.status).toBe(200);
    expect(reply.body.accepted).toBe(1);
    expect(reply.body.rejected).toEqual([
      ...BAD.map((_, i) => ({ index: i + 1, field: 'customerId', message: RULE })),
      { index: BAD.length + 1, field: 'customerId', message: 'must not be empty' },
    ]);
    const written = await new CustomerEventWriter(local.doc, local.names, { retentionDays: 1095 }).read('会员:0001');
    expect(written?.profile).toMatchObject({ customerId: '会员:0001', storeId: 'S1', segment: 'member' });
  });

  it('refuses such an id on a line of a JSONL export or a row of a CSV export, naming line, customer and field', () => {
    expect(
      parseCustomerLine(JSON.stringify({ customerId: '张三', storeId: '北京店', segment: 'regular', events: [] }), 1),
    ).toMatchObject({ ok: true });
    expect(parseCustomerLine(JSON.stringify({ customerId: 'C#9', storeId: 'S1', segment: 'regular' }), 2)).toEqual({
      ok: false,
      issues: [{ line: 2, customerId: 'C#9', field: 'customerId', message: RULE }],
    });
    expect(parseEventCsvRow({ customerId: 'C-9', storeId: 'S 1', segment: 'regular' }, 3)).toEqual({
      ok: false,
      issues: [{ line: 3, customerId: 'C-9', field: 'storeId', message: RULE }],
    });
    expect(
      parseCustomerLine(JSON.stringify({ customerId: 'x'.repeat(65), storeId: 'S1', segment: 'regular' }), 4),
    ).toMatchObject({
      ok: false,
      issues: [{ field: 'customerId', message: `too long: ${RULE}` }],
    });
  });

  it('holds the staff file to the same rule for people and stores, "*" still meaning every store', () => {
    const person = (id: string, stores: string[]) => ({
      id,
      name: '王芳',
      role: 'customer_service',
      stores,
      email: 'cs@chain.example',
    });
    expect(staffDirectorySchema.safeParse({ people: [person('王芳', ['上海.静安', '*'])] }).success).toBe(true);
    const parsed = staffDirectorySchema.safeParse({
      people: [person('cs#1', ['S1']), person('cs-2', ['S/2']), person('cs 3', ['*'])],
    });
    expect(parsed.success ? [] : fieldIssues(parsed.error)).toEqual([
      { field: 'people[0].id', message: RULE },
      { field: 'people[1].stores[0]', message: RULE },
      { field: 'people[2].id', message: RULE },
    ]);
  });

  it('names the case execution of a Chinese customer at a Chinese store within the Step Functions alphabet, stable and distinct per customer', () => {
    const parts = {
      level: 1 as const,
      storeId: '上海静安店',
      customerId: '张三丰',
      identifiedAt: '2026-11-23T02:00:00+08:00',
      alertId: 'daily-1',
    };
    const name = executionName(parts);
    // ASCII only: Step Functions refuses some characters in names, and turns CloudWatch logging off for non-ASCII ones.
    expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(executionName(parts)).toBe(name);
    expect(executionName({ ...parts, customerId: '李四王' })).not.toBe(name);
  });
});
