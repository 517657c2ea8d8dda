import { describe, expect, it } from 'vitest';
import { parsePolicy } from '#shared/policy/parse-policy.ts';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { event, scoreAt } from '../helpers/customer-builder.ts';

const AS_OF = '2026-11-23T20:00:00+08:00';

describe('scoring a customer file under a policy', () => {
  it("raises level 3 for the seed's own example: membership lapsed and 3 months without a visit, with a serious complaint", () => {
    const score = scoreAt(AS_OF, {
      segment: 'member',
      membership: { expiresAt: '2026-09-30T23:59:59+08:00' },
      events: [
        event.visit('2026-06-20T19:00:00+08:00', 198),
        event.complaint('2026-11-15T12:00:00+08:00', 'serious', 'dm'),
      ],
    });
    expect(score.level).toBe(3);
    expect(score.policyVersion).toBe('script-kill/2026.1');
    expect(score.indicators.filter((finding) => finding.core).map((finding) => finding.id)).toEqual([
      'no_visit_3m',
      'membership_lapsed',
      'serious_complaint',
    ]);
  });

  it('raises level 2 on three non-core indicators: 45 days away, one minor complaint, a DM rated 1', () => {
    const score = scoreAt(AS_OF, {
      events: [
        event.visit('2026-10-09T19:00:00+08:00'),
        event.complaint('2026-11-01T12:00:00+08:00', 'minor', 'service'),
        event.rating('2026-10-09T22:00:00+08:00', 'dm', 1),
      ],
    });
    expect(score.indicators.map((finding) => finding.id)).toEqual([
      'visit_gap_early',
      'minor_complaint',
      'dm_service_complaint',
    ]);
    expect(score.level).toBe(2);
  });

  it('leaves an indicator switched off in the policy out of the score', () => {
    const input = structuredClone(presetPolicy('script-kill'));
    for (const indicator of input.indicators) if (indicator.id === 'visit_gap') indicator.enabled = false;
    const policy = parsePolicy(input, 'test');
    const spec = { events: [event.visit('2026-08-01T19:00:00+08:00')] };
    expect(scoreAt(AS_OF, spec).indicators.map((finding) => finding.id)).toContain('visit_gap');
    expect(scoreAt(AS_OF, spec, policy).indicators.map((finding) => finding.id)).not.toContain('visit_gap');
  });

  it("reads the months in the policy's own time zone", () => {
    const input = structuredClone(presetPolicy('script-kill'));
    input.timeZone = 'America/Los_Angeles';
    const policy = parsePolicy(input, 'test');
    // 1 August 00:30 in Shanghai is still 31 July in Los Angeles.
    const spec = { events: [event.visit('2026-08-01T00:30:00+08:00')] };
    expect(scoreAt('2026-11-20T12:00:00+08:00', spec).indicators.map((f) => f.id)).not.toContain('no_visit_3m');
    expect(scoreAt('2026-11-20T12:00:00+08:00', spec, policy).indicators.map((f) => f.id)).toContain('no_visit_3m');
  });
});
