import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesModule from 'aws-ses-v2-local';

export interface LocalSes {
  /** Where the SES APIs answer, and the mailbox page is (`/`, with `/store` as JSON). */
  url: string;
  stop(): Promise<void>;
}

/** Starts aws-ses-v2-local (both SES APIs, and a mailbox page of everything it received). */
export async function startLocalSes(host = '127.0.0.1', port = 0): Promise<LocalSes> {
  // The package is CommonJS: its server is the default export's default.
  const start = ((sesModule as unknown as { default?: unknown }).default ?? sesModule) as (config: { host: string; port: number }) => Promise<Server>;
  const server = await start({ host, port });
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
