import { describe, expect, it } from 'vitest';
import type { AwaitingRecord } from '#shared/cases/case-record.ts';
import {
  isCanonicalLinkId,
  type LinkRequest,
  linkVerdict,
  type StepLinkRecord,
  stepLinkId,
} from '#shared/links/step-link.ts';

const SECRET = 'test-link-secret-0123456789';
const request: LinkRequest = {
  customerId: 'C#1/甲',
  alertId: 'daily-1',
  step: 'response_plan',
  round: 0,
  revision: 0,
  personId: 'cs-1',
  purpose: 'decide',
};
const record = (over: Partial<StepLinkRecord> = {}): StepLinkRecord => {
  const r = { ...request, ...over };
  return {
    ...r,
    linkId: stepLinkId(SECRET, r),
    issuedAt: '2026-11-27T10:00:00+08:00',
    expiresAt: 2_000,
    expiresAtEpoch: 3,
    ...over,
  };
};
const waitingFor = (link: StepLinkRecord, over: Partial<AwaitingRecord> = {}): AwaitingRecord => ({
  step: link.step,
  taskToken: 'token',
  linkId: link.linkId,
  personId: link.personId,
  round: link.round,
  revision: link.revision,
  ...over,
});

describe('a step link id', () => {
  it('is the same for every attempt at the same request, and another for any other step, round, revision, person, purpose or secret', () => {
    const id = stepLinkId(SECRET, request);
    expect(stepLinkId(SECRET, { ...request })).toBe(id);
    const others = [
      stepLinkId(SECRET, { ...request, step: 'contact' }),
      stepLinkId(SECRET, { ...request, round: 1 }),
      stepLinkId(SECRET, { ...request, revision: 1 }),
      stepLinkId(SECRET, { ...request, personId: 'ops-1' }),
      stepLinkId(SECRET, { ...request, purpose: 'view' }),
      stepLinkId('another-secret', request),
    ];
    expect(new Set([id, ...others]).size).toBe(others.length + 1);
  });

  it('carries nothing of the customer or the person, and only its canonical spelling is accepted', () => {
    const id = stepLinkId(SECRET, request);
    expect(isCanonicalLinkId(id)).toBe(true);
    expect(Buffer.from(id, 'base64url').toString('utf8')).not.toMatch(/C#1|cs-1|甲/);
    const bytes = Buffer.from(id, 'base64url');
    // Other spellings of the same bytes (the last character's unused bits) are refused.
    const respelled = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_']
      .map((c) => `${id.slice(0, -1)}${c}`)
      .filter((candidate) => candidate !== id && Buffer.from(candidate, 'base64url').equals(bytes));
    expect(respelled.length).toBeGreaterThan(0);
    for (const candidate of respelled) expect(isCanonicalLinkId(candidate)).toBe(false);
    expect(isCanonicalLinkId(`${id}=`)).toBe(false);
    expect(isCanonicalLinkId('x'.repeat(42))).toBe(false);
  });
});

describe('what a link may do', () => {
  const link = record();
  it('decides only what the case waits on now, from the person it waits on', () => {
    expect(linkVerdict(link, 'in_progress', waitingFor(link), 1_000)).toEqual({ decides: true });
  });

  it('only shows the case otherwise, saying why', () => {
    const cases: Array<[string, StepLinkRecord, string, AwaitingRecord | undefined, string]> = [
      ['a copy for information', record({ purpose: 'view' }), 'in_progress', waitingFor(link), 'copied'],
      [
        'a link already used',
        record({ answeredAt: '2026-11-27T11:00:00+08:00' }),
        'in_progress',
        waitingFor(link),
        'answered',
      ],
      ['an expired link', link, 'in_progress', waitingFor(link), 'expired'],
      [
        'the case waiting on another step',
        link,
        'in_progress',
        waitingFor(link, { step: 'contact', linkId: 'other' }),
        'another_step',
      ],
      ['a revised plan', link, 'in_progress', waitingFor(link, { revision: 1, linkId: 'other' }), 'another_step'],
      ['a reminder sent since', link, 'in_progress', waitingFor(link, { round: 1, linkId: 'other' }), 'replaced'],
      [
        'the step handed to someone else',
        link,
        'in_progress',
        waitingFor(link, { personId: 'ops-1', linkId: 'other' }),
        'reassigned',
      ],
      ['a closed case', link, 'recovered', undefined, 'closed'],
      ['a case between steps', link, 'in_progress', undefined, 'another_step'],
      ['a case that failed while waiting on the link', link, 'failed', waitingFor(link), 'failed'],
      [
        'a used link of a case that failed since',
        record({ answeredAt: '2026-11-27T11:00:00+08:00' }),
        'failed',
        undefined,
        'failed',
      ],
    ];
    for (const [what, l, status, awaiting, reason] of cases) {
      expect(linkVerdict(l, status, awaiting, what === 'an expired link' ? 2_000 : 1_000), what).toEqual({
        decides: false,
        reason,
      });
    }
  });
});
