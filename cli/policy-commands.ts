import { stringify as toYaml } from 'yaml';
import { z } from 'zod';
import { policySchema } from '#shared/policy/policy-schema.ts';
import { PRESETS, presetPolicy } from '#shared/policy/presets/preset-catalog.ts';
import { loadPolicyOption } from './policy-option.ts';
import { UsageError } from './usage-error.ts';
import { writeOutput } from './write-output.ts';

/** The JSON Schema of policy files, generated from the zod schema (the one source of truth). */
export function policyJsonSchema(): string {
  const schema = z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'Winback policy' }, null, 2)}\n`;
}

export async function policySchemaCommand(output: string | undefined): Promise<void> {
  await writeOutput(policyJsonSchema(), output);
}

/** A preset as a YAML file to start a chain's own policy from. */
export async function policyShowCommand(name: string, output: string | undefined): Promise<void> {
  if (!Object.hasOwn(PRESETS, name))
    throw new UsageError(`no preset named "${name}"; presets: ${Object.keys(PRESETS).join(', ')}`);
  const policy = presetPolicy(name);
  const header = '# yaml-language-server: $schema=https://winback.invalid/policy.schema.json\n';
  await writeOutput(`${header}${toYaml(policy, { lineWidth: 0 })}`, output);
}

export async function policyCheckCommand(file: string, log: (line: string) => void): Promise<void> {
  const policy = await loadPolicyOption(file);
  const enabled = policy.indicators.filter((indicator) => indicator.enabled).length;
  log(
    `${file}: policy ${policy.version} is valid (${enabled} indicators on, level rule ${policy.levels.rule}, time zone ${policy.timeZone})`,
  );
}
