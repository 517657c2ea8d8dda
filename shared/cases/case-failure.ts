import { escapeHtml } from '../html/escape-html.ts';
import type { EmailMessage } from '../mail/email-message.ts';
import { momentInWords } from '../time/staff-time.ts';
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

/** What went wrong, as the head of operations reads it: the workflow's error names, Chinese first. */
const FAILURE_WORDS: Record<string, { zh: string; en: string }> = {
  StaffingGapError: {
    zh: '没有在职人员担任所需角色（人员缺口）',
    en: 'nobody active holds the role the step needs (a staffing gap)',
  },
  NoResponsePlan: { zh: '催办后仍没有提交响应计划', en: 'no response plan after every reminder up the line' },
  NoRevisedPlan: {
    zh: '福利被驳回后，催办后仍没有提交修改后的计划',
    en: 'no revised plan after the benefit was rejected, after every reminder',
  },
  NoContact: { zh: '催办后仍没有记录首次联系', en: 'no first contact recorded after every reminder up the line' },
  NoApproval: {
    zh: '催办后审批人仍未审批福利',
    en: 'the benefit was not approved or rejected after every reminder up the line',
  },
  NoLossReason: {
    zh: '催办后仍没有填写流失原因',
    en: 'no reason for the loss recorded after every reminder up the line',
  },
};

export function failureInWords(error: string): { zh: string; en: string } {
  return FAILURE_WORDS[error] ?? { zh: `步骤出错：${error}`, en: `a step failed: ${error}` };
}

/**
 * The email ops get when a case cannot go on (a step failed after its retries, or nobody answered
 * after every reminder): which case, what failed, and where to look, with the customer masked and
 * told apart by their reference. Chinese first, English beside it; the identification date in the
 * policy's zone and in words.
 */
export function caseFailureEmail(
  caseInput: CaseExecutionInput,
  failure: CaughtFailure,
  to: string[],
  shown: { customerLabel?: string; timeZone: string },
): EmailMessage {
  const name = executionName(caseInput);
  const customer = shown.customerLabel ?? maskedCustomer(caseInput.customerId);
  const cause = maskedCause(caseInput, failure.Cause);
  const what = failureInWords(failure.Error);
  const identified = momentInWords(caseInput.identifiedAt, shown.timeZone);
  const lines = [
    `顾客 ${customer}（门店 ${caseInput.storeId}，${caseInput.level} 级，${identified.zh} 识别）的挽回案件已停止：${what.zh}。`,
    `The case of customer ${customer} (store ${caseInput.storeId}, level ${caseInput.level}, identified ${identified.en}) stopped: ${what.en}.`,
    cause ? `原因 Cause: ${cause}` : '',
    `执行记录 Execution: ${name}（Step Functions 控制台，案件状态机；事件历史显示出错的步骤 Step Functions console, the case state machine; its event history shows the step）`,
    '案件已标记为失败，顾客已释放：如果风险仍在，下次扫描会重新预警。请先解决原因（人员缺口、未验证的发件地址、错误的记录）。',
    'The case is marked failed and the customer is free again: the next scan raises a new alert if the risk remains. Fix the cause first (a staffing gap, an unverified sender, a bad record).',
  ].filter(Boolean);
  return {
    to,
    subject: `[Winback] 个案失败 Case failed: ${customer} (${caseInput.storeId}, L${caseInput.level}) — ${failure.Error}`,
    text: `${lines.join('\n\n')}\n`,
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join(''),
  };
}
