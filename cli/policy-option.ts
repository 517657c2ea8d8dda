import { readFile } from 'node:fs/promises';
import { Option } from 'commander';
import { parsePolicyText } from '#shared/policy/parse-policy.ts';
import type { Policy } from '#shared/policy/policy-schema.ts';
import { DEFAULT_PRESET, isPresetName, PRESETS, presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { UsageError } from './usage-error.ts';

/**
 * `-p, --policy`, as every command that reads the policy declares it: a preset by name or a policy
 * file, the default preset when left out. `readFor` says what the command reads of it; a command
 * that only scores presets takes no file (`presetsOnly`).
 */
export function policyOption(readFor?: string, { presetsOnly = false } = {}): Option {
  const presets = `a preset (${Object.keys(PRESETS).join(', ')})`;
  return new Option(
    `-p, --policy <${presetsOnly ? 'preset' : 'preset|file'}>`,
    `${readFor ? `the policy (${readFor}): ` : ''}${presets}${presetsOnly ? '' : ' or a policy file (YAML or JSON)'}`,
  ).default(DEFAULT_PRESET);
}

/** `--policy`: a preset's name, or the path of a policy file (YAML or JSON). */
export async function loadPolicyOption(value: string | undefined): Promise<Policy> {
  const name = value ?? DEFAULT_PRESET;
  if (isPresetName(name)) return presetPolicy(name);
  let text: string;
  try {
    text = await readFile(name, 'utf8');
  } catch {
    throw new UsageError(
      `--policy: "${name}" is neither a preset (${Object.keys(PRESETS).join(', ')}) nor a readable file`,
    );
  }
  return parsePolicyText(text, name);
}
