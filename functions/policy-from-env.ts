import { parsePolicy } from '#shared/policy/parse-policy.ts';
import type { Policy } from '#shared/policy/policy-schema.ts';
import { DEFAULT_PRESET, presetPolicy } from '#shared/policy/presets/preset-catalog.ts';

/**
 * The chain's policy: its own policy file when the stack was deployed with one (compiled into the
 * bundle as WINBACK_POLICY_DOCUMENT; the local stack sets it in the environment), else the preset
 * named by WINBACK_POLICY, the default preset when none is.
 */
export function policyFromEnv(env: NodeJS.ProcessEnv = process.env): Policy {
  // Spelled out in full so that the bundler's define replaces it.
  const document = env === process.env ? process.env.WINBACK_POLICY_DOCUMENT : env.WINBACK_POLICY_DOCUMENT;
  if (document) return parsePolicy(JSON.parse(document), 'the deployed policy file');
  return presetPolicy(env.WINBACK_POLICY ?? DEFAULT_PRESET);
}
