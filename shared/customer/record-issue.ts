import type { FieldIssue } from '../validation/field-issues.ts';

/** A rejected input record: where it is (line), whose it is (customer), and what is wrong with it. */
export interface RecordIssue extends FieldIssue {
  line: number;
  customerId?: string;
}

export function formatRecordIssue(issue: RecordIssue): string {
  const who = issue.customerId ? `, customer ${issue.customerId}` : '';
  return `line ${issue.line}${who}: ${issue.field}: ${issue.message}`;
}
