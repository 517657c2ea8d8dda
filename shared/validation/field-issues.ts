import type { z } from 'zod';

/** One thing wrong with a record: the path of the bad field and what was expected there. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** `indicators[3].thresholds.member.months`: how a person finds the field in the file. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = unknownKeys.length === 1 ? [...issue.path, unknownKeys[0] as string] : issue.path;
    const message =
      unknownKeys.length === 1
        ? 'unknown field (misspelt?)'
        : issue.message.replace(/^Invalid input: /, '').replace(/^Invalid option: /, '');
    return { field: formatPath(path) || '(whole record)', message };
  });
}

export function formatIssues(issues: readonly FieldIssue[]): string {
  return issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
}
