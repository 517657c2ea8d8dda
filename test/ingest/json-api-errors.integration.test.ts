import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpApiRequestHandler } from '../../infra/local/http-api.ts';
import { LambdaFunctionError } from '../../infra/local/local-lambda.ts';
import { capturedLogs } from '../helpers/captured-logs.ts';
import { httpPost, lambdaContext } from '../helpers/http-event.ts';
import { type IngestApi, ingestApi } from '../helpers/ingest-api.ts';
import { type LocalTables, localTables } from '../helpers/local-tables.ts';

let local: LocalTables;
let api: IngestApi;

beforeAll(async () => {
  local = await localTables();
  api = await ingestApi(local);
});

const CONTACT = { name: '林小雨', phone: '13812345678', email: 'lin.xiaoyu@mail.example', wechat: 'linxy_0707' };
const CLEAR = ['林小雨', '小雨', '13812345678', '138 1234 5678', 'lin.xiaoyu', 'linxy_0707'];

describe("the ingestion API's error replies", () => {
  it('answers a malformed body full of contact data with 400 JSON, and logs only its size and hash', async () => {
    // A profile batch cut off mid-way, as a sender's buggy serializer would send it.
    const body = `{"customers": [{"customerId": "C-77", "storeId": "S1", "segment": "member", "contact": ${JSON.stringify(CONTACT)}, }`;
    let reply: Awaited<ReturnType<IngestApi['send']>> | undefined;
    const logs = await capturedLogs(async () => {
      reply = await api.send('/v1/customers', httpPost('/v1/customers', body));
      await api.send('/v1/events', httpPost('/v1/events', body.replace('customers', 'events')));
    });
    expect(reply?.status).toBe(400);
    expect(reply?.headers['content-type']).toBe('application/json');
    expect(reply?.body).toEqual({
      message: expect.stringMatching(/^the body is not valid JSON \(at character \d+\)$/),
      bytes: Buffer.byteLength(body),
      sha256: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    for (const clear of CLEAR) expect(logs).not.toContain(clear);
    expect(logs).toContain(reply?.body.sha256);
    expect(logs).toContain('the body is not JSON');
  });

  it('names the bad field of a well-formed profile without echoing or logging its contact data', async () => {
    let reply: Awaited<ReturnType<IngestApi['send']>> | undefined;
    const logs = await capturedLogs(async () => {
      reply = await api.postCustomers({
        customers: [{ customerId: 'C-78', storeId: 'S1', segment: 'vip', contact: CONTACT }],
      });
    });
    expect(reply?.body.rejected).toEqual([
      { index: 0, field: 'segment', message: 'expected one of "member"|"regular"' },
    ]);
    for (const clear of CLEAR) {
      expect(logs).not.toContain(clear);
      expect(JSON.stringify(reply?.body)).not.toContain(clear);
    }
  });

  it('answers another content type with 415 JSON, and an empty body with 400 JSON', async () => {
    const text = { ...httpPost('/v1/events', 'events=1'), headers: { 'content-type': 'text/plain' } };
    expect(await api.send('/v1/events', text)).toMatchObject({
      status: 415,
      headers: { 'content-type': 'application/json' },
      body: { message: 'content-type: expected application/json' },
    });
    const empty = { ...httpPost('/v1/events', ''), body: undefined } as unknown as ReturnType<typeof httpPost>;
    expect(await api.send('/v1/events', empty)).toMatchObject({
      status: 400,
      body: { message: 'the body is empty: expected a JSON object' },
    });
  });

  it('answers an unexpected failure with 500 JSON and the request id, a failure a wait can cure with 503 and Retry-After', async () => {
    const { jsonApiHandler } = await import('../../functions/middleware/json-api-handler.ts');
    const failing = (error: Error) => jsonApiHandler(async () => Promise.reject(error));
    const call = async (error: Error) =>
      (await failing(error)(
        httpPost('/v1/events', { events: [] }, 'req-42'),
        lambdaContext,
      )) as APIGatewayProxyStructuredResultV2;
    await capturedLogs(async () => {
      const bug = await call(new TypeError('x is undefined'));
      expect(bug).toMatchObject({ statusCode: 500, headers: { 'content-type': 'application/json' } });
      expect(bug.headers?.['retry-after']).toBeUndefined();
      expect(JSON.parse(String(bug.body))).toEqual({
        message: expect.stringContaining('internal error'),
        requestId: 'req-42',
      });
      const throttled = await call(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
      expect(throttled).toMatchObject({
        statusCode: 503,
        headers: { 'content-type': 'application/json', 'retry-after': '5' },
      });
      expect(JSON.parse(String(throttled.body)).message).toContain('send the same request again');
    });
  });

  it('answers 503 JSON with Retry-After itself before the Lambda would time out', async () => {
    const { jsonApiHandler } = await import('../../functions/middleware/json-api-handler.ts');
    const slow = jsonApiHandler(
      () => new Promise((resolve) => setTimeout(() => resolve({ status: 200, body: {} }), 5_000)),
    );
    const started = Date.now();
    let reply: APIGatewayProxyStructuredResultV2 = {};
    const logs = await capturedLogs(async () => {
      reply = (await slow(httpPost('/v1/events', { events: [] }), {
        ...lambdaContext,
        getRemainingTimeInMillis: () => 1_700,
      })) as APIGatewayProxyStructuredResultV2;
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(logs).toContain('about to time out');
    expect(reply).toMatchObject({
      statusCode: 503,
      headers: { 'content-type': 'application/json', 'retry-after': '5' },
    });
    expect(JSON.parse(String(reply.body)).message).toContain('send it again');
  });

  it('puts Retry-After on every 503 the handler answers', async () => {
    const { jsonApiHandler } = await import('../../functions/middleware/json-api-handler.ts');
    const busy = jsonApiHandler(async () => ({ status: 503, body: { failed: [] } }));
    expect(await busy(httpPost('/v1/events', { events: [] }), lambdaContext)).toMatchObject({
      statusCode: 503,
      headers: { 'retry-after': '5' },
    });
  });

  it('locally, answers a function that timed out with 503 JSON and Retry-After, as API Gateway answers 503; other failures with 500 JSON', async () => {
    let failure: Error = new LambdaFunctionError('Sandbox.Timedout', 'Task timed out after 30.00 seconds');
    const handle = httpApiRequestHandler(
      [{ method: 'POST', path: '/v1/events', functionLogicalId: 'IngestEvents' }],
      async () => Promise.reject(failure),
    );
    const server = createServer((request, response) => void handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/events`;
      const timedOut = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"events": []}',
      });
      expect(timedOut.status).toBe(503);
      expect(timedOut.headers.get('retry-after')).toBe('5');
      expect(await timedOut.json()).toEqual({ message: 'Service Unavailable' });
      failure = new LambdaFunctionError('Error', 'boom');
      const crashed = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"events": []}',
      });
      expect(crashed.status).toBe(500);
      expect(await crashed.json()).toEqual({ message: 'Internal Server Error' });
    } finally {
      server.close();
    }
  });
});
