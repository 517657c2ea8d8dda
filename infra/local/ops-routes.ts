import type { IncomingMessage, ServerResponse } from 'node:http';
import { paceProblem } from './local-clock.ts';
import { caseFilter, executionPage, type OpsConsole, opsPage } from './ops-page.ts';

async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** The ops page and its two actions (change the clock's pace, scan now); false for other paths. */
export async function opsRoutes(
  request: IncomingMessage,
  response: ServerResponse,
  ops: OpsConsole,
  actions: { setPace: (scale: number) => Promise<unknown>; scan: () => Promise<unknown> },
): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const html = (body: string) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(body);
  };
  const back = () => {
    response.writeHead(303, { location: '/ops' });
    response.end();
  };
  if (url.pathname === '/' && request.method === 'GET') {
    response.writeHead(302, { location: '/ops' });
    response.end();
    return true;
  }
  if (url.pathname === '/ops' && request.method === 'GET') {
    html(await opsPage(ops, caseFilter(url.searchParams)));
    return true;
  }
  if (url.pathname === '/ops/execution' && request.method === 'GET') {
    try {
      html(await executionPage(ops, url.searchParams.get('arn') ?? ''));
      return true;
    } catch (error) {
      if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        '<!doctype html><meta charset="utf-8"><p>没有这个执行 No such execution (executions live in memory: a restart ends them). <a href="/ops">← Ops</a></p>',
      );
      return true;
    }
  }
  if (url.pathname === '/ops/clock' && request.method === 'GET') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(ops.sources.clock()));
    return true;
  }
  if (url.pathname === '/ops/clock' && request.method === 'POST') {
    const scale = Number((await formBody(request)).get('scale'));
    const refused = paceProblem(scale);
    if (refused) {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`scale: ${refused}`);
      return true;
    }
    await actions.setPace(scale);
    back();
    return true;
  }
  if (url.pathname === '/ops/scan' && request.method === 'POST') {
    void actions.scan();
    back();
    return true;
  }
  return false;
}
