import type { Server } from 'node:http';
import { createServer } from 'node:net';

/** A port that is taken: said plainly, with the flag that picks another. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

export interface PortRequest {
  port: number;
  /** What would listen there, for the message. */
  what: string;
  flag: string;
}

function probe(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Checks every fixed port before anything starts, so nothing is left half started. */
export async function ensurePortsFree(host: string, requests: readonly PortRequest[]): Promise<void> {
  for (const request of requests) {
    if (request.port !== 0 && !(await probe(host, request.port))) {
      throw new PortInUseError(
        `port ${request.port} on ${host} (for ${request.what}) is already in use: stop what uses it (another \`npm start\`?) or pass ${request.flag} <port>`,
      );
    }
  }
}

/** Listens and resolves with the port (the one the OS picked, for 0). */
export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(`port ${port} on ${host} is already in use`) : error),
    );
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Stops a server now: its open (keep-alive) connections are cut, not waited for. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
