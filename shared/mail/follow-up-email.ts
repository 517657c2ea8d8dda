import { escapeHtml } from '../html/escape-html.ts';
import { deadlineInWords } from '../time/staff-time.ts';
import type { EmailMessage } from './email-message.ts';

export interface FollowUpEmailInput {
  to: string;
  ownerName: string;
  customerLabel: string;
  storeId: string;
  /** 1 for the first follow-up. */
  round: number;
  everyDays: number;
  trackUntil: string;
  timeZone: string;
}

/** The owner's follow-up task while the customer is not back (Art. 16 (4)): Chinese first, the window's end in words. */
export function followUpEmail(input: FollowUpEmailInput): EmailMessage {
  const until = deadlineInWords(input.trackUntil, input.timeZone);
  const lines = [
    `${input.ownerName}：顾客 ${input.customerLabel}（门店 ${input.storeId}）尚未回店，请按计划跟进（每 ${input.everyDays} 天）。跟踪期 ${until.zh}结束。`,
    `Customer ${input.customerLabel} (store ${input.storeId}) has not come back yet: please follow up as planned (every ${input.everyDays} days). Tracking ends ${until.en}.`,
  ];
  return {
    to: [input.to],
    subject: `跟进 Follow-up ${input.round}: ${input.customerLabel} (${input.storeId})`,
    text: lines.join('\n'),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join(''),
  };
}
