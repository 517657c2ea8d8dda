import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesModule from 'aws-ses-v2-local';
import { closeServer } from './ports.ts';

export type SesLimit = 'rate' | 'daily';

export interface LocalSes {
  /** Where the SES APIs answer, and the mailbox page is (`/`, with `/store` as JSON). */
  url: string;
  /**
   * Refuses `sends` send requests, after letting the next `passFirst` through, as SES does when the
   * account's send rate (`rate`) or its 24-hour quota (`daily`) is used up: HTTP 400, error code
   * Throttling, SES's own message.
   */
  throttle(sends: number, limit?: SesLimit, passFirst?: number): void;
  /** How many send requests were refused so far. */
  throttled(): number;
  /**
   * What GetSendQuota answers (aws-ses-v2-local has no quota API): by default no daily limit and
   * SES's default production rate of 14 a second, with the sends this server passed in the last
   * 24 hours; `{ max24HourSend: 200, maxSendRate: 1 }` is the sandbox.
   */
  setQuota(quota: { max24HourSend: number; maxSendRate: number }): void;
  stop(): Promise<void>;
}

/** SES's words for each limit: the only way its Throttling errors tell them apart. */
const LIMIT_MESSAGES: Record<SesLimit, string> = {
  rate: 'Maximum sending rate exceeded.',
  daily: 'Daily message quota exceeded.',
};

/** A send of either API: v1 is a form-encoded Action, v2 a REST path. */
function isSend(method: string | undefined, url: string | undefined, body: string): boolean {
  if (method !== 'POST') return false;
  if (url?.startsWith('/v2/email/outbound-emails')) return true;
  return /(?:^|&)Action=Send(?:Raw)?Email(?:&|$)/.test(body);
}

function refuse(response: ServerResponse, limit: SesLimit, v2: boolean): void {
  const requestId = randomUUID();
  if (v2) {
    response.writeHead(429, {
      'content-type': 'application/json',
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': 'TooManyRequestsException',
    });
    response.end(JSON.stringify({ message: LIMIT_MESSAGES[limit] }));
    return;
  }
  response.writeHead(400, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
  response.end(
    `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>Throttling</Code>` +
      `<Message>${LIMIT_MESSAGES[limit]}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  );
}

/**
 * Starts aws-ses-v2-local (both SES APIs, and a mailbox page of everything it received), behind a
 * small front that can answer sends with SES's throttling, so that tests see what a busy account
 * does to the case workflow; everything else passes through unchanged.
 */
export async function startLocalSes(host = '127.0.0.1', port = 0): Promise<LocalSes> {
  // The package is CommonJS: Node hands over its exports whole (the server is their `default`), a
  // loader with interop hands over the server itself.
  const start = typeof sesModule === 'function' ? sesModule : sesModule.default;
  const inner = await start({ host: '127.0.0.1', port: 0 });
  const innerPort = (inner.address() as AddressInfo).port;
  let toRefuse = 0;
  let toPass = 0;
  let limit: SesLimit = 'rate';
  let refused = 0;
  let quota = { max24HourSend: -1, maxSendRate: 14 };
  const sentAt: number[] = [];
  const sentLast24Hours = () => {
    while ((sentAt[0] ?? Number.POSITIVE_INFINITY) < Date.now() - 86_400_000) sentAt.shift();
    return sentAt.length;
  };

  const front = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      if (incoming.method === 'POST' && /(?:^|&)Action=GetSendQuota(?:&|$)/.test(text)) {
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end(
          `<GetSendQuotaResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><GetSendQuotaResult><SentLast24Hours>${sentLast24Hours()}</SentLast24Hours>` +
            `<Max24HourSend>${quota.max24HourSend}</Max24HourSend><MaxSendRate>${quota.maxSendRate}</MaxSendRate></GetSendQuotaResult>` +
            `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetSendQuotaResponse>`,
        );
        return;
      }
      const send = isSend(incoming.method, incoming.url, text);
      if (send && toPass > 0) toPass -= 1;
      else if (send && toRefuse > 0) {
        toRefuse -= 1;
        refused += 1;
        refuse(response, limit, incoming.url?.startsWith('/v2/') ?? false);
        return;
      }
      if (send) sentAt.push(Date.now());
      const upstream = request(
        { host: '127.0.0.1', port: innerPort, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', (error) => {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(`local SES unreachable: ${error.message}`);
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(port, host, () => resolve());
  });
  return {
    url: `http://${host}:${(front.address() as AddressInfo).port}`,
    throttle(sends, kind = 'rate', passFirst = 0) {
      toRefuse = sends;
      toPass = passFirst;
      limit = kind;
    },
    throttled: () => refused,
    setQuota(next) {
      quota = next;
    },
    stop: async () => {
      await closeServer(front);
      await closeServer(inner);
    },
  };
}
