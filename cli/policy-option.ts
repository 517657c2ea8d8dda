import { readFile } from 'node:fs/promises';
import { parsePolicyText } from '#shared/policy/parse-policy.ts';
import type { Policy } from '#shared/policy/policy-schema.ts';
import { DEFAULT_PRESET, isPresetName, PRESETS, presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { UsageError } from './usage-error.ts';

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
