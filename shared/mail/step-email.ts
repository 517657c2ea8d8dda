import { WAITING_STEPS, type WaitingStep } from '../cases/waiting-steps.ts';
import { escapeHtml } from '../html/escape-html.ts';
import type { Policy } from '../policy/policy-schema.ts';
import type { Finding } from '../scoring/policy-scorer.ts';
import { bilingual, deadlineInWords } from '../time/staff-time.ts';
import type { EmailMessage } from './email-message.ts';
import { bilingualEvidence } from './evidence-zh.ts';
import { indicatorName } from './indicator-names.ts';
import { approverTitle, benefitLine } from './staff-wording.ts';

export interface StepEmailInput {
  step: WaitingStep;
  to: string;
  ownerName: string;
  /** The customer as staff tell them apart: masked, with a keyed reference (shared/privacy/customer-reference.ts). */
  customerLabel: string;
  storeId: string;
  level: number;
  indicators: Finding[];
  /** The policy's names for the indicators and its time zone, in which deadlines are read. */
  policy: Pick<Policy, 'indicators' | 'timeZone'>;
  dueBy: string;
  firstContactBy: string;
  link: string;
  /** 0 for the first notice; 1, 2... for reminders after a missed deadline. */
  reminder: number;
  /** For a person copied for information: the owner's name. Their link shows the case and decides nothing. */
  copiedFor?: string;
  /** For an approval: the benefit asked for, its cost and whose approval it is. */
  benefit?: { name: string; costYuan: number };
  approverRole?: string;
}

/**
 * What the owner receives when a case waits on them (Art. 13): the customer (masked), level,
 * indicators by name with their evidence, the deadline in words, and the link that answers.
 * Chinese first, English beside it. The step's own deadline is said once; the response plan's
 * email names the first-contact deadline too, which the plan has to meet.
 */
export function stepEmail(input: StepEmailInput): EmailMessage {
  const step = WAITING_STEPS[input.step];
  const prefix = `${input.copiedFor ? '【知会 FYI】' : ''}${input.reminder > 0 ? `【催办 Reminder ${input.reminder}】` : ''}`;
  const ask = input.copiedFor ? '查看案件（只读）View the case (read-only)' : step.ask;
  const subject = `${prefix}${input.level}级流失预警 Level ${input.level} churn alert · ${step.titleZh} ${step.titleEn}: ${input.customerLabel} (${input.storeId})`;
  const due = deadlineInWords(input.dueBy, input.policy.timeZone);
  const firstContact = deadlineInWords(input.firstContactBy, input.policy.timeZone);
  const alsoFirstContact = input.step === 'response_plan' && input.firstContactBy !== input.dueBy;
  const summary = [
    `顾客 ${input.customerLabel}（门店 ${input.storeId}）${input.level} 级流失预警。${step.titleZh}截止：${due.zh}${alsoFirstContact ? `；首次联系截止：${firstContact.zh}` : ''}。`,
    `Customer ${input.customerLabel} (store ${input.storeId}) is at level ${input.level}. ${step.titleEn} due ${due.en}${alsoFirstContact ? `; first contact due ${firstContact.en}` : ''}.`,
  ];
  const benefit =
    input.step === 'approval' && input.benefit
      ? [
          `申请福利：${benefitLine(input.benefit).zh}，超出预批额度，需${approverTitle(input.approverRole).zh}批准。`,
          `Benefit asked for: ${benefitLine(input.benefit).en}, above the pre-approved limit: it needs the ${approverTitle(input.approverRole).en}'s approval.`,
        ]
      : [];
  const indicators = input.indicators.map((finding) => ({
    core: finding.core,
    name: indicatorName(finding.id, input.policy),
    evidence: bilingualEvidence(finding.evidence),
  }));
  const copied = input.copiedFor
    ? `此步骤由 ${input.copiedFor} 处理，您收到的是知会副本。${input.copiedFor} is asked for this step; you are copied for information.`
    : undefined;
  const lines = [
    `${input.ownerName}：`,
    ...summary,
    ...benefit,
    '',
    '预警指标 Indicators:',
    ...indicators.map(
      (indicator) => `- ${indicator.core ? '[核心 core] ' : ''}${indicator.name}：${indicator.evidence}`,
    ),
    ...(copied ? ['', copied] : []),
    '',
    `${ask}: ${input.link}`,
  ];
  const html = [
    `<p>${escapeHtml(`${input.ownerName}：`)}</p>`,
    `<p>${summary.map(escape).join('<br>')}</p>`,
    ...(benefit.length ? [`<p class="benefit">${benefit.map(escape).join('<br>')}</p>`] : []),
    `<p>预警指标 Indicators:</p>`,
    `<ul>${indicators.map((indicator) => `<li>${indicator.core ? '<b>[核心 core]</b> ' : ''}<b>${escapeHtml(indicator.name)}</b>：${escapeHtml(indicator.evidence)}</li>`).join('')}</ul>`,
    ...(copied ? [`<p>${escapeHtml(copied)}</p>`] : []),
    // A new tab: a webmail (or the local mailbox page) stays open behind the step's page.
    `<p><a href="${escapeHtml(input.link)}" target="_blank" rel="noopener">${escapeHtml(ask)}</a></p>`,
  ].join('\n');
  return { to: [input.to], subject, text: lines.join('\n'), html };
}

/** Deadlines as the case-notify and case-page steps show them: the policy's zone, in words, Chinese first. */
export const deadlineText = (instant: string, timeZone: string): string =>
  bilingual(deadlineInWords(instant, timeZone));
