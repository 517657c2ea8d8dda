import { escapeHtml } from '../html/escape-html.ts';
import type { EmailMessage } from './email-message.ts';
import { approverTitle, benefitLine } from './staff-wording.ts';

export interface BenefitIssuedEmailInput {
  to: string;
  ownerName: string;
  customerLabel: string;
  storeId: string;
  level: number;
  benefit: { name: string; costYuan: number };
  /** The ledger's code the customer redeems the benefit with. */
  code: string;
  /** Who approved it (Art. 15); empty within the pre-approved limit. */
  approvedBy: readonly string[];
}

/**
 * The owner's news that the benefit they chose is issued (Art. 16 (3)): which benefit, what it
 * cost, who approved it, the `WB-…` code to hand to the customer and what to say with it. Sent
 * by the step that issues, once per code. Chinese first, English beside it.
 */
export function benefitIssuedEmail(input: BenefitIssuedEmailInput): EmailMessage {
  const line = benefitLine(input.benefit);
  const approvers = input.approvedBy.map(approverTitle);
  const approvedZh = approvers.length ? `已经${approvers.map((a) => a.zh).join('、')}批准` : '在预批额度内，无需审批';
  const approvedEn = approvers.length
    ? `approved by the ${approvers.map((a) => a.en).join(' and the ')}`
    : 'within the pre-approved limit, no approval needed';
  const lines = [
    `${input.ownerName}：`,
    `顾客 ${input.customerLabel}（门店 ${input.storeId}，${input.level} 级）的挽回福利已发放：${line.zh}，${approvedZh}，已记入挽回台账。`,
    `The win-back benefit for customer ${input.customerLabel} (store ${input.storeId}, level ${input.level}) is issued: ${line.en}, ${approvedEn}, and recorded in the win-back ledger.`,
    '',
    `兑换码 Code: ${input.code}`,
    '',
    '请把兑换码交给顾客，并告诉顾客 Hand the code to the customer and tell them:',
    `“这是门店专门为您准备的${input.benefit.name}，到店时出示兑换码 ${input.code} 即可使用。”`,
    `"We have set aside ${input.benefit.name} for you: show the code ${input.code} at the store to use it."`,
  ];
  const html = [
    `<p>${escapeHtml(lines[0] ?? '')}</p>`,
    `<p>${escapeHtml(lines[1] ?? '')}<br>${escapeHtml(lines[2] ?? '')}</p>`,
    `<p>兑换码 Code: <strong>${escapeHtml(input.code)}</strong></p>`,
    `<p>${escapeHtml(lines[6] ?? '')}</p>`,
    `<blockquote>${escapeHtml(lines[7] ?? '')}<br>${escapeHtml(lines[8] ?? '')}</blockquote>`,
  ].join('\n');
  return {
    to: [input.to],
    subject: `福利已发放 Benefit issued · ${input.code}: ${input.customerLabel} (${input.storeId})`,
    text: lines.join('\n'),
    html,
  };
}
