import { parsePolicy } from '../parse-policy.ts';
import type { Policy, PolicyInput } from '../policy-schema.ts';
import { esports } from './esports.ts';
import { medAesthetics } from './med-aesthetics.ts';
import { retailRfm } from './retail-rfm.ts';
import { scriptKill } from './script-kill.ts';
import { scriptKillTuned } from './script-kill-tuned.ts';

export const PRESETS: Readonly<Record<string, PolicyInput>> = {
  'script-kill': scriptKill,
  'med-aesthetics': medAesthetics,
  esports,
  'retail-rfm': retailRfm,
  // A proposal awaiting approval (Art. 9), for backtests and the quarterly review; not the default.
  'script-kill-tuned': scriptKillTuned,
};

/** The preset in force where no policy is named: the CLI's --policy, WINBACK_POLICY, the stack's winback:policy. */
export const DEFAULT_PRESET = 'script-kill';

export function isPresetName(name: string): boolean {
  return Object.hasOwn(PRESETS, name);
}

/** A preset, validated like any policy file, so a preset can never carry a bad threshold. */
export function presetPolicy(name: string = DEFAULT_PRESET): Policy {
  const input = PRESETS[name];
  if (input === undefined)
    throw new RangeError(`no preset named "${name}"; presets: ${Object.keys(PRESETS).join(', ')}`);
  return parsePolicy(input, `preset ${name}`);
}
