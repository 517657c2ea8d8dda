import { presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import type { Policy } from '#shared/policy/policy-schema.ts';

/** The chain's policy: the preset the stack was deployed with (WINBACK_POLICY), script-kill by default. */
export function policyFromEnv(env: NodeJS.ProcessEnv = process.env): Policy {
  return presetPolicy(env.WINBACK_POLICY ?? 'script-kill');
}
