import { describe, expect, it } from 'vitest';
import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { policyFromEnv } from '../../functions/policy-from-env.ts';

describe('the policy a function runs with', () => {
  it("is the chain's own policy file when deployed with one, else the named preset, else script-kill", () => {
    const own = { ...presetPolicy('esports'), version: 'our-chain/2027.1' };
    expect(policyFromEnv({ WINBACK_POLICY: 'file', WINBACK_POLICY_DOCUMENT: JSON.stringify(own) }).version).toBe(
      'our-chain/2027.1',
    );
    expect(policyFromEnv({ WINBACK_POLICY: 'retail-rfm' }).version).toMatch(/^retail-rfm\//);
    expect(policyFromEnv({}).version).toMatch(/^script-kill\//);
  });

  it('refuses a policy document that is not valid, naming the field', () => {
    const broken = { ...presetPolicy('esports'), timeZone: 42 };
    expect(() => policyFromEnv({ WINBACK_POLICY_DOCUMENT: JSON.stringify(broken) })).toThrow(/timeZone/);
  });
});
