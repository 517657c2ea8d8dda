import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { sampleStaff } from '#cli/sample/sample-staff.ts';
import { batchPut } from '#shared/adapters/dynamodb/batch-put.ts';
import { httpPost, lambdaContext } from './http-event.ts';
import { useLocalLambdaEnvironment } from './local-lambda-env.ts';
import type { LocalTables } from './local-tables.ts';

export interface ApiReply {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

export interface IngestApi {
  postEvents(body: unknown): Promise<ApiReply>;
  postCustomers(body: unknown): Promise<ApiReply>;
  /** A request as API Gateway hands it over, answered by the handler. */
  send(path: '/v1/events' | '/v1/customers', request: APIGatewayProxyEventV2, context?: Context): Promise<ApiReply>;
}

/**
 * The two ingestion handlers as deployed, on this file's tables: each request goes through the
 * whole middy chain, as API Gateway's HTTP API would hand it over. The staff directory names
 * `stores` (none: no directory).
 */
export async function ingestApi(local: LocalTables, stores: readonly string[] = []): Promise<IngestApi> {
  useLocalLambdaEnvironment(local.names);
  if (stores.length > 0) await batchPut(local.doc, local.names.staff, sampleStaff(stores).people);
  const handlers: Record<string, Handler> = {
    '/v1/events': (await import('../../functions/ingest-events/handler.ts')).handler as unknown as Handler,
    '/v1/customers': (await import('../../functions/ingest-customers/handler.ts')).handler as unknown as Handler,
  };
  const send = async (
    path: string,
    request: APIGatewayProxyEventV2,
    context: Context = lambdaContext,
  ): Promise<ApiReply> => {
    const result = (await (handlers[path] as Handler)(request, context)) as APIGatewayProxyStructuredResultV2;
    const text = String(result.body ?? '');
    return {
      status: result.statusCode ?? 0,
      headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])),
      body: JSON.parse(text),
    };
  };
  return {
    postEvents: (body) => send('/v1/events', httpPost('/v1/events', body)),
    postCustomers: (body) => send('/v1/customers', httpPost('/v1/customers', body)),
    send,
  };
}
