import { WAITING_STEPS, type WaitingStep } from '../cases/waiting-steps.ts';
import type { Finding } from '../scoring/policy-scorer.ts';
import type { EmailMessage } from './email-message.ts';

export interface StepEmailInput {
  step: WaitingStep;
  to: string;
  ownerName: string;
  customerLabel: string;
  storeId: string;
  level: number;
  indicators: Finding[];
  dueBy: string;
  firstContactBy: string;
  link: string;
  /** 0 for the first notice; 1, 2... for reminders after a missed deadline. */
  reminder: number;
  /** For a person copied for information: the owner's name. Their link shows the case and decides nothing. */
  copiedFor?: string;
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * What the owner receives when a case waits on them (Art. 13): the customer (masked), level,
 * indicators with evidence, the deadline, and the link that answers. Chinese first, English below.
 */
export function stepEmail(input: StepEmailInput): EmailMessage {
  const step = WAITING_STEPS[input.step];
  const prefix = `${input.copiedFor ? '【知会 FYI】' : ''}${input.reminder > 0 ? `【催办 Reminder ${input.reminder}】` : ''}`;
  const ask = input.copiedFor ? '查看案件（只读）View the case (read-only)' : step.ask;
  const subject = `${prefix}${input.level}级流失预警 Level ${input.level} churn alert · ${step.titleZh} ${step.titleEn}: ${input.customerLabel} (${input.storeId})`;
  const lines = [
    `${input.ownerName}：`,
    `顾客 ${input.customerLabel}（门店 ${input.storeId}）${input.level} 级流失预警。${step.titleZh}截止 ${input.dueBy}，首次联系截止 ${input.firstContactBy}。`,
    `Customer ${input.customerLabel} (store ${input.storeId}) is at level ${input.level}. ${step.titleEn} due by ${input.dueBy}; first contact due by ${input.firstContactBy}.`,
    '',
    ...input.indicators.map((finding) => `- ${finding.core ? '[核心 core] ' : ''}${finding.id}: ${finding.evidence}`),
    ...(input.copiedFor
      ? ['', `此步骤由 ${input.copiedFor} 处理，您收到的是知会副本。${input.copiedFor} is asked for this step; you are copied for information.`]
      : []),
    '',
    `${ask}: ${input.link}`,
  ];
  const html = [
    `<p>${escape(lines[0] ?? '')}</p>`,
    `<p>${escape(lines[1] ?? '')}<br>${escape(lines[2] ?? '')}</p>`,
    `<ul>${input.indicators.map((finding) => `<li>${finding.core ? '<b>[核心 core]</b> ' : ''}${escape(finding.id)}: ${escape(finding.evidence)}</li>`).join('')}</ul>`,
    ...(input.copiedFor ? [`<p>${escape(lines.at(-3) ?? '')}</p>`] : []),
    // A new tab: a webmail (or the local mailbox page) stays open behind the step's page.
    `<p><a href="${escape(input.link)}" target="_blank" rel="noopener">${escape(ask)}</a></p>`,
  ].join('\n');
  return { to: [input.to], subject, text: lines.join('\n'), html };
}
