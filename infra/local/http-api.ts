import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { SynthesizedRoute } from './synthesized-stack.ts';

/** API Gateway's own limit on a request body. */
const MAX_BODY = 10 * 1024 * 1024;

interface CompiledRoute extends SynthesizedRoute {
  pattern: RegExp;
  parameters: string[];
}

/** /c/{token} -> a pattern whose groups are the path parameters; {proxy+} takes the rest of the path. */
function compile(route: SynthesizedRoute): CompiledRoute {
  const parameters: string[] = [];
  const source = route.path
    .split('/')
    .map((part) => {
      const greedy = /^\{(\w+)\+\}$/.exec(part);
      const single = /^\{(\w+)\}$/.exec(part);
      if (greedy) {
        parameters.push(greedy[1] as string);
        return '(.+)';
      }
      if (single) {
        parameters.push(single[1] as string);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}$`), parameters };
}

export type Invoke = (functionLogicalId: string, event: APIGatewayProxyEventV2) => Promise<unknown>;

/**
 * The stack's HTTP routes as API Gateway (HTTP API, payload 2.0) serves them: each request becomes
 * the event a Lambda proxy integration receives, and the handler's result becomes the response.
 * Returns false for a path no route serves, so other local pages can answer it.
 */
export function httpApiRequestHandler(routes: readonly SynthesizedRoute[], invoke: Invoke) {
  const compiled = routes.map(compile);
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const matches = compiled.filter((route) => route.pattern.test(url.pathname));
    if (matches.length === 0) return false;
    const route = matches.find((candidate) => candidate.method === method || candidate.method === 'ANY');
    if (route === undefined) {
      response.writeHead(405, { 'content-type': 'application/json', allow: matches.map((m) => m.method).join(', ') });
      response.end(JSON.stringify({ message: 'Method Not Allowed' }));
      return true;
    }
    const body = await readBody(request);
    if (body === undefined) {
      response.writeHead(413, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'Request Entity Too Large' }));
      return true;
    }
    const values = route.pattern.exec(url.pathname)?.slice(1) ?? [];
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(',') : (value ?? ''),
      ]),
    );
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: `${route.method} ${route.path}`,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
      ...(route.parameters.length
        ? {
            pathParameters: Object.fromEntries(
              route.parameters.map((name, i) => [name, decodeURIComponent(values[i] ?? '')]),
            ),
          }
        : {}),
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: `${route.method} ${route.path}`,
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      },
      ...(body.length ? { body: body.toString('utf8') } : {}),
      isBase64Encoded: false,
    };
    try {
      send(response, await invoke(route.functionLogicalId, event));
    } catch (error) {
      // What API Gateway answers when the integration fails (the handler's log says why): 503 for
      // a function that timed out or was throttled, which a sender may try again, else 500. Unlike
      // API Gateway, with Retry-After (our handlers answer 503 themselves before their timeout).
      const name = (error as { name?: string } | null)?.name;
      if (name === 'Sandbox.Timedout' || name === 'TooManyRequestsException') {
        response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5' });
        response.end(JSON.stringify({ message: 'Service Unavailable' }));
      } else {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: 'Internal Server Error' }));
      }
    }
    return true;
  };
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** A structured result as it is; anything else as JSON with status 200, as API Gateway does. */
function send(response: ServerResponse, result: unknown): void {
  const structured =
    result !== null && typeof result === 'object' && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : undefined;
  if (structured === undefined) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(result ?? null));
    return;
  }
  const headers: Record<string, string | string[]> = Object.fromEntries(
    Object.entries(structured.headers ?? {}).map(([k, v]) => [k, String(v)]),
  );
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  response.writeHead(structured.statusCode ?? 200, headers);
  response.end(
    structured.body === undefined
      ? undefined
      : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8'),
  );
}
