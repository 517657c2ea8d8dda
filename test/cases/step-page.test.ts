import { describe, expect, it } from 'vitest';
import type { AwaitingRecord } from '#shared/cases/case-record.ts';
import { chosenBenefit, pageAction, pageAuditEntry, pageVerdict, stepPageFacts } from '#shared/cases/step-page.ts';
import { READ_ONLY_REASONS, type StepLinkRecord } from '#shared/links/step-link.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { storedCase } from '../helpers/case-fixtures.ts';

const policy = presetPolicy('script-kill');
const NOW = 1_000;

const link = (over: Partial<StepLinkRecord> = {}): StepLinkRecord => ({
  customerId: 'C0000037',
  alertId: 'daily-1',
  step: 'contact',
  round: 0,
  revision: 0,
  personId: 'cs-1',
  purpose: 'decide',
  linkId: 'link-cs-1-contact-0-abcdefgh',
  issuedAt: '2026-11-24T09:00:00+08:00',
  expiresAt: NOW + 1_000,
  expiresAtEpoch: 3,
  ...over,
});

const awaiting = (over: Partial<AwaitingRecord> = {}): AwaitingRecord => ({
  step: 'contact',
  taskToken: 'token',
  linkId: link().linkId,
  personId: 'cs-1',
  round: 0,
  revision: 0,
  dueBy: '2026-11-27T00:00:00+08:00',
  role: 'customer_service',
  ...over,
});

const waiting = storedCase({ awaiting: awaiting(), strategy: 'coupon_30_off_100' });

describe("whether a step's link decides the step now", () => {
  it('decides through the link issued for what the case waits on', () => {
    expect(pageVerdict(policy, link(), waiting, NOW)).toEqual({ decides: true });
  });

  it('no longer decides once a scan raised the case to a level another role owns: the step went to the new owner', () => {
    expect(pageVerdict(policy, link(), { ...waiting, level: 2 }, NOW)).toEqual({
      decides: false,
      reason: 'reassigned',
    });
  });

  it('keeps an approval with its approver whatever the level', () => {
    const approval = link({ step: 'approval', personId: 'dgm', approverRole: 'deputy_gm' });
    const asked = awaiting({ step: 'approval', personId: 'dgm', role: 'deputy_gm', linkId: approval.linkId });
    expect(pageVerdict(policy, approval, storedCase({ level: 3, awaiting: asked }), NOW)).toEqual({ decides: true });
  });
});

describe('what a step page shows', () => {
  it('shows the person it waits on the deadline, the customer contact and the benefit the plan chose', () => {
    const facts = stepPageFacts(policy, link(), waiting, { decides: true });
    expect(facts).toEqual({
      dueBy: '2026-11-27T00:00:00+08:00',
      chosenBenefit: { name: '满100减30券 30 off a spend of 100', costYuan: 30, approvers: [] },
      showsContact: true,
    });
  });

  it('shows anyone else the case read-only, saying why, with no deadline and no contact details', () => {
    const facts = stepPageFacts(policy, link({ purpose: 'view' }), waiting, { decides: false, reason: 'copied' });
    expect(facts).toMatchObject({ dueBy: '', readOnly: READ_ONLY_REASONS.copied, showsContact: false });
  });

  it("shows an approver the benefit asked for and whose approval it is, and never the customer's contact", () => {
    const asked = awaiting({
      step: 'approval',
      role: 'gm',
      benefit: { id: 'annual_discount_card', name: 'year-long card', costYuan: 800 },
    });
    const facts = stepPageFacts(policy, link({ step: 'approval' }), storedCase({ awaiting: asked }), { decides: true });
    expect(facts).toEqual({
      dueBy: asked.dueBy,
      benefit: asked.benefit,
      approverRole: 'gm',
      showsContact: false,
    });
  });

  it('names the approvals a chosen benefit still needs, and none when the plan chose no benefit', () => {
    expect(chosenBenefit(policy, storedCase({ level: 3, strategy: 'annual_discount_card' }))?.approvers).toEqual([
      'deputy_gm',
      'gm',
    ]);
    expect(chosenBenefit(policy, storedCase({ strategy: 'none' }))).toBeUndefined();
    expect(chosenBenefit(policy, storedCase())).toBeUndefined();
  });
});

describe('what a request through a step link does', () => {
  const decides = { decides: true } as const;

  it('a GET only shows the case and records the view, whoever holds the link', () => {
    expect(pageAction({ post: false, revealContact: false }, decides, awaiting())).toEqual({
      action: 'show',
      what: 'step page viewed',
      details: {},
    });
    expect(pageAction({ post: false, revealContact: true }, { decides: false, reason: 'copied' }, awaiting())).toEqual({
      action: 'show',
      what: 'case viewed read-only',
      details: { reason: 'copied' },
    });
  });

  it('refuses an answer through a link that does not decide, with its reason', () => {
    expect(
      pageAction({ post: true, revealContact: false }, { decides: false, reason: 'replaced' }, awaiting()),
    ).toEqual({ action: 'refuse', what: 'answer refused', details: { reason: 'replaced' } });
    expect(pageAction({ post: true, revealContact: false }, decides, undefined)).toMatchObject({
      action: 'refuse',
      details: { reason: 'another_step' },
    });
  });

  it('shows the contact details in full when the deciding person asks, and otherwise takes the answer', () => {
    expect(pageAction({ post: true, revealContact: true }, decides, awaiting())).toEqual({ action: 'reveal_contact' });
    expect(pageAction({ post: true, revealContact: false }, decides, awaiting())).toEqual({
      action: 'answer',
      awaiting: awaiting(),
    });
  });

  it("records the request with the link's fingerprint only, who it was issued to and the request's evidence", () => {
    const evidence = { from: '203.0.113.9', userAgent: 'phone', requestId: 'req-1' };
    const entry = pageAuditEntry(link(), 'step page viewed', '2026-11-24T10:00:00+08:00', evidence, {});
    expect(entry).toEqual({
      step: '04-step-page-viewed-2026-11-24T10:00:00+08:00-req-1',
      at: '2026-11-24T10:00:00+08:00',
      actor: 'cs-1',
      what: 'step page viewed',
      details: { link: 'link-cs-', purpose: 'decide', step: 'contact', round: 0, ...evidence },
    });
  });
});
