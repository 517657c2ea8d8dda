import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { policyJsonSchema } from '#cli/policy-commands.ts';
import { parsePolicyText } from '#shared/policy/parse-policy.ts';
import { PolicyError } from '#shared/policy/policy-error.ts';
import { PRESETS, presetPolicy } from '#shared/policy/presets/preset-catalog.ts';

function issuesOf(text: string): Array<{ field: string; message: string }> {
  try {
    parsePolicyText(text, 'test.yaml');
  } catch (error) {
    if (error instanceof PolicyError) return [...error.issues];
    throw error;
  }
  throw new Error('the policy was accepted');
}

/** The default preset as YAML, with one change made by `edit`. */
function editedPreset(edit: (policy: ReturnType<typeof presetPolicy>) => void): string {
  const policy = structuredClone(presetPolicy('script-kill')) as ReturnType<typeof presetPolicy> &
    Record<string, unknown>;
  edit(policy);
  return toYaml(policy);
}

describe('policy files', () => {
  it('every preset is a valid policy', () => {
    for (const name of Object.keys(PRESETS)) expect(presetPolicy(name).version).toMatch(/\/2026\.(1|2-proposed)$/);
  });

  it('a preset written out as YAML reads back as the same policy', () => {
    expect(parsePolicyText(toYaml(presetPolicy('esports')), 'esports.yaml')).toEqual(presetPolicy('esports'));
  });

  it('names the path of a bad threshold and what was expected', () => {
    const text = editedPreset((policy) => {
      (policy.indicators[0]!.thresholds as Record<string, unknown>).member = { months: 'two' };
    });
    expect(issuesOf(text)).toEqual([
      { field: 'indicators[0].thresholds.member.months', message: 'expected number, received string' },
    ]);
  });

  it('lists the known kinds when an indicator names an unknown one', () => {
    const text = editedPreset((policy) => {
      (policy.indicators[3] as Record<string, unknown>).kind = 'visit_gapp';
    });
    const [issue] = issuesOf(text);
    expect(issue?.field).toBe('indicators[3].kind');
    expect(issue?.message).toContain('visit_gap');
  });

  it('catches a misspelt field, an unknown time zone, and a band naming a missing indicator', () => {
    const misspelt = editedPreset((policy) => {
      (policy.deadlines as Record<string, unknown>).responsePlanHour = 24;
    });
    expect(issuesOf(misspelt)).toEqual([{ field: 'deadlines.responsePlanHour', message: 'unknown field (misspelt?)' }]);

    const zone = editedPreset((policy) => {
      policy.timeZone = 'Asia/Beijing';
    });
    expect(issuesOf(zone)).toEqual([
      { field: 'timeZone', message: 'expected an IANA time zone such as Asia/Shanghai' },
    ]);

    const band = toYaml({
      ...presetPolicy('med-aesthetics'),
      levels: { rule: 'bands', bands: [{ name: 'red', level: 3, allOf: ['no_such'] }] },
    });
    expect(issuesOf(band)).toEqual([{ field: 'levels.bands[0].allOf[0]', message: 'no indicator with id "no_such"' }]);
  });

  it('reports a YAML syntax error with its line', () => {
    expect(issuesOf('id: x\n  version: : :\n')[0]?.field).toMatch(/^line \d+$/);
  });

  it('ships a JSON Schema that matches the zod schema (regenerate with npm run schema)', async () => {
    expect(await readFile('shared/policy/policy.schema.json', 'utf8')).toBe(policyJsonSchema());
  });
});
