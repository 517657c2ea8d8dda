import { parse as parseYaml, YAMLParseError } from 'yaml';
import { fieldIssues } from '../validation/field-issues.ts';
import { PolicyError } from './policy-error.ts';
import { type Policy, policySchema } from './policy-schema.ts';

/** Validates a policy object; the error names every bad field by its path. */
export function parsePolicy(document: unknown, source: string): Policy {
  const result = policySchema.safeParse(document);
  if (!result.success) throw new PolicyError(source, fieldIssues(result.error));
  return result.data;
}

/** A policy document as text, YAML or JSON (JSON is YAML too). */
export function parsePolicyText(text: string, source: string): Policy {
  let document: unknown;
  try {
    document = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? `line ${error.linePos[0].line}` : '(syntax)';
    throw new PolicyError(source, [
      { field: where, message: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) },
    ]);
  }
  return parsePolicy(document, source);
}
