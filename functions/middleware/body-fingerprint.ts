import { createHash } from 'node:crypto';

/**
 * What a log may say about a request body: its size and a hash, which let ops match a sender's
 * copy of a refused request without the log ever holding the names, phones and emails inside.
 */
export function bodyFingerprint(body: string | undefined, isBase64Encoded = false): { bytes: number; sha256: string } {
  const raw = body === undefined ? Buffer.alloc(0) : Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8');
  return { bytes: raw.length, sha256: createHash('sha256').update(raw).digest('hex').slice(0, 16) };
}
