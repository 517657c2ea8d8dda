import type { Finding } from '../scoring/policy-scorer.ts';
import type { EmailMessage } from './email-message.ts';

export interface ResponsePlanEmailInput {
  to: string;
  cc?: string[];
  ownerName: string;
  customerLabel: string;
  storeId: string;
  level: number;
  indicators: Finding[];
  responsePlanBy: string;
  firstContactBy: string;
  link: string;
  /** 0 for the first notice; 1, 2... for reminders after a missed deadline. */
  reminder: number;
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The alert as its owner receives it (Art. 13): the customer (masked), indicators with evidence,
 * level, deadlines, and the link to submit the response plan. Chinese first, English below.
 */
export function responsePlanEmail(input: ResponsePlanEmailInput): EmailMessage {
  const prefix = input.reminder > 0 ? `【催办 Reminder ${input.reminder}】` : '';
  const subject = `${prefix}${input.level}级流失预警 Level ${input.level} churn alert: ${input.customerLabel} (${input.storeId})`;
  const lines = [
    `${input.ownerName}：`,
    `顾客 ${input.customerLabel}（门店 ${input.storeId}）触发 ${input.level} 级流失预警。请在 ${input.responsePlanBy} 前提交响应计划，首次联系截止 ${input.firstContactBy}。`,
    `Customer ${input.customerLabel} (store ${input.storeId}) is at level ${input.level}. Submit the response plan by ${input.responsePlanBy}; first contact is due by ${input.firstContactBy}.`,
    '',
    ...input.indicators.map((finding) => `- ${finding.core ? '[核心 core] ' : ''}${finding.id}: ${finding.evidence}`),
    '',
    `提交响应计划 Submit the response plan: ${input.link}`,
  ];
  const html = [
    `<p>${escape(lines[0] ?? '')}</p>`,
    `<p>${escape(lines[1] ?? '')}<br>${escape(lines[2] ?? '')}</p>`,
    `<ul>${input.indicators.map((finding) => `<li>${finding.core ? '<b>[核心 core]</b> ' : ''}${escape(finding.id)}: ${escape(finding.evidence)}</li>`).join('')}</ul>`,
    `<p><a href="${escape(input.link)}">提交响应计划 Submit the response plan</a></p>`,
  ].join('\n');
  return { to: [input.to], ...(input.cc?.length ? { cc: input.cc } : {}), subject, text: lines.join('\n'), html };
}
