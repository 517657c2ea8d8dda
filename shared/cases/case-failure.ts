import type { EmailMessage } from '../mail/email-message.ts';
import { escapeHtml } from '../reports/report-page.ts';
import type { CaseExecutionInput } from './case-input.ts';
import { executionName, maskedCustomer } from './execution-name.ts';

/** What Step Functions hands a Catch: the error's name and its cause (often a JSON of the Lambda error). */
export interface CaughtFailure {
  Error: string;
  Cause?: string | undefined;
}

const MAX_CAUSE = 600;

/** The cause as ops may read it: the customer id masked wherever it appears, and cut to a readable length. */
export function maskedCause(caseInput: Pick<CaseExecutionInput, 'customerId'>, cause: string | undefined): string {
  const text = (cause ?? '').split(caseInput.customerId).join(maskedCustomer(caseInput.customerId));
  return text.length > MAX_CAUSE ? `${text.slice(0, MAX_CAUSE)}…` : text;
}

/**
 * The email ops get when a case cannot go on (a step failed after its retries, or nobody answered
 * after every reminder): which case, what failed, and where to look, with the customer masked.
 */
export function caseFailureEmail(caseInput: CaseExecutionInput, failure: CaughtFailure, to: string[]): EmailMessage {
  const name = executionName(caseInput);
  const customer = maskedCustomer(caseInput.customerId);
  const cause = maskedCause(caseInput, failure.Cause);
  const lines = [
    `The case of customer ${customer} (store ${caseInput.storeId}, level ${caseInput.level}, identified ${caseInput.identifiedAt}) stopped: ${failure.Error}.`,
    cause ? `Cause: ${cause}` : '',
    `Execution: ${name} (Step Functions console, the case state machine; its event history shows the step).`,
    'The case is marked failed and the customer is free again: the next scan raises a new alert if the risk remains. Fix the cause first (a staffing gap, an unverified sender, a bad record).',
  ].filter(Boolean);
  return {
    to,
    subject: `[Winback] 个案失败 Case failed: ${customer} (${caseInput.storeId}, L${caseInput.level}) — ${failure.Error}`,
    text: `${lines.join('\n\n')}\n`,
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join(''),
  };
}
