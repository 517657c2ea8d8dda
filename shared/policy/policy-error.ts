import type { FieldIssue } from '../validation/field-issues.ts';

/** A policy document that cannot be used, with every bad field named. */
export class PolicyError extends Error {
  readonly source: string;
  readonly issues: readonly FieldIssue[];

  constructor(source: string, issues: readonly FieldIssue[]) {
    super(`invalid policy ${source}:\n${issues.map((issue) => `  ${issue.field}: ${issue.message}`).join('\n')}`);
    this.name = 'PolicyError';
    this.source = source;
    this.issues = issues;
  }
}
