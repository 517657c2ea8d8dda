import { describe, expect, it } from 'vitest';
import { checkLink, signLink } from '#shared/links/link-token.ts';

const SECRET = 'test-secret-0123456789';
const claims = { caseId: 'case-1', action: 'approval' as const, personId: 'dgm', expiresAt: Date.parse('2026-11-25T00:00:00Z') };

describe('links in emails', () => {
  it('opens for the person it was sent to, until it expires', () => {
    const token = signLink(claims, SECRET);
    expect(checkLink(token, SECRET, Date.parse('2026-11-24T00:00:00Z'))).toMatchObject({ ok: true, claims: { ...claims, tokenId: expect.any(String) } });
    expect(checkLink(token, SECRET, claims.expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a link whose person, case or action was changed, or signed with another secret', () => {
    const token = signLink(claims, SECRET);
    const [payload, mac] = token.split('.');
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), personId: 'gm' })).toString('base64url');
    expect(checkLink(`${altered}.${mac}`, SECRET, 0)).toEqual({ ok: false, reason: 'forged' });
    expect(checkLink(token, 'another-secret', 0)).toEqual({ ok: false, reason: 'forged' });
    expect(checkLink('garbage', SECRET, 0)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('gives every link its own id, for single use', () => {
    const ids = [signLink(claims, SECRET), signLink(claims, SECRET)].map((token) => {
      const check = checkLink(token, SECRET, 0);
      return check.ok ? check.claims.tokenId : '';
    });
    expect(ids[0]).not.toBe(ids[1]);
  });
});
