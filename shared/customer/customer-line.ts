import { fieldIssues } from '../validation/field-issues.ts';
import { type CustomerFile, customerFile } from './customer-file-schema.ts';
import type { RecordIssue } from './record-issue.ts';

export type LineResult = { ok: true; file: CustomerFile } | { ok: false; issues: RecordIssue[] };

/** One line of a JSONL export: a whole customer file, validated; each issue names the line and field. */
export function parseCustomerLine(text: string, line: number): LineResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      issues: [{ line, field: '(whole line)', message: `not valid JSON (${(error as Error).message})` }],
    };
  }
  const result = customerFile.safeParse(document);
  if (result.success) return { ok: true, file: result.data };
  const customerId =
    typeof (document as { customerId?: unknown })?.customerId === 'string'
      ? (document as { customerId: string }).customerId
      : undefined;
  return {
    ok: false,
    issues: fieldIssues(result.error).map((issue) =>
      customerId === undefined ? { line, ...issue } : { line, customerId, ...issue },
    ),
  };
}
