import { createHash } from 'node:crypto';
import { LOSS_CATEGORIES } from '#shared/cases/loss-categories.ts';
import { WAITING_STEPS, type WaitingStep } from '#shared/cases/waiting-steps.ts';
import { escapeHtml } from '#shared/html/escape-html.ts';
import { bilingualEvidence } from '#shared/mail/evidence-zh.ts';
import { indicatorName } from '#shared/mail/indicator-names.ts';
import { approverTitle, benefitLine } from '#shared/mail/staff-wording.ts';
import type { Level, Policy } from '#shared/policy/policy-schema.ts';
import type { Finding } from '#shared/scoring/policy-scorer.ts';
import { bilingual, deadlineInWords } from '#shared/time/staff-time.ts';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;line-height:1.5}
label{display:block;margin-top:1rem;font-weight:600}textarea,select{width:100%;font-size:1rem}button{margin-top:1.5rem;font-size:1.1rem;padding:.6rem 1.2rem}
.error{color:#b00020}.muted{color:#555}.read-only{background:#fff4e5;border-left:4px solid #e65100;padding:.5rem 1rem}`;

/**
 * The pages' Content-Security-Policy: nothing loads, no script runs, the one style block is allowed
 * by its hash, forms post only back here, and no other site may frame a page (clickjacking).
 */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** A page as API Gateway returns it: HTML, never cached, framed by no one, loading nothing (PAGE_CSP). */
export const htmlResponse = (statusCode: number, body: string, headers: Record<string, string> = {}) => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // Not no-referrer: under it a browser sends `Origin: null` with the page's own form posts. The
    // link's URL still never leaves for another site.
    'referrer-policy': 'same-origin',
    'content-security-policy': PAGE_CSP,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    ...headers,
  },
  body,
});

/** The answer to a link nobody issued (or not for this page). */
export const linkNotValid = () =>
  htmlResponse(404, page('链接无效 Link not valid', '<p>这个链接无效。This link is not valid.</p>'));

/** A small page that reads well on a phone, Chinese first and English under it. */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

export interface StepPageInput {
  step: WaitingStep;
  customerLabel: string;
  storeId: string;
  level: Level;
  indicators: Finding[];
  /** The step's deadline as recorded (an ISO instant); shown in the policy's zone, in words. Empty: none shown. */
  dueBy: string;
  policy: Policy;
  /** For an approval: the benefit asked for, and whose approval it is. */
  benefit?: { id: string; name: string; costYuan: number };
  approverRole?: string;
  /** For the first contact: the benefit the plan chose, to offer the customer, and who must still approve it. */
  chosenBenefit?: { name: string; costYuan: number; approvers: readonly string[] };
  errors?: Record<string, string>;
  /** Why this link only shows the case: then no form, no contact details. */
  readOnly?: string;
  /** How to reach the customer, for the steps that talk to them: masked, or in full once asked for (and recorded). */
  contact?: {
    shown: 'masked' | 'full';
    name?: string | undefined;
    phone?: string | undefined;
    wechat?: string | undefined;
    email?: string | undefined;
  };
}

function contactBlock(contact: StepPageInput['contact']): string {
  if (contact === undefined) return '';
  const lines = (
    [
      ['姓名 Name', contact.name],
      ['电话 Phone', contact.phone],
      ['微信 WeChat', contact.wechat],
      ['邮箱 Email', contact.email],
    ] as const
  )
    .filter(([, value]) => value)
    .map(([label, value]) => `<li>${label}: ${escapeHtml(value ?? '')}</li>`)
    .join('');
  if (!lines) return '<p>没有联系方式。No contact details on file.</p>';
  return contact.shown === 'full'
    ? `<ul class="contact">${lines}</ul><p class="note">完整联系方式的查看已记录。This view of the full contact details was recorded.</p>`
    : `<ul class="contact">${lines}</ul><form method="post"><button type="submit" name="reveal" value="contact">显示完整联系方式 Show full contact details (recorded)</button></form>`;
}

const select = (name: string, options: Array<[string, string]>) =>
  `<select name="${name}">${options.map(([value, label]) => `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`).join('')}</select>`;

function fields(input: StepPageInput): string {
  const error = (field: string) =>
    input.errors?.[field] ? `<p class="error">${escapeHtml(input.errors[field] ?? '')}</p>` : '';
  if (input.step === 'response_plan') {
    const strategy = input.policy.strategies[input.level];
    return `<label>预警指标属实吗？ Are the indicators real?</label>${select('indicatorsConfirmed', [
      ['yes', '属实 Yes'],
      ['no', '不属实 No'],
    ])}${error('indicatorsConfirmed')}
<label for="cause">可能原因 Likely cause</label><textarea id="cause" name="likelyCause" rows="3" required></textarea>${error('likelyCause')}
<label>挽回策略 Strategy (${escapeHtml(strategy.theme)})</label>${select('strategy', [
      ['none', '暂不发放福利 No benefit yet'],
      ...strategy.benefits.map((benefit): [string, string] => [benefit.id, `${benefit.name} (¥${benefit.costYuan})`]),
    ])}${error('strategy')}`;
  }
  if (input.step === 'approval') {
    const benefit = input.benefit;
    const approver = approverTitle(input.approverRole);
    return `<p class="benefit">${benefit ? `申请福利 Benefit asked for: <strong>${escapeHtml(benefit.name)}</strong> (¥${benefit.costYuan})` : '申请福利 A benefit above the pre-approved limit'}</p>
<p class="muted">超出预批额度，需要${escapeHtml(approver.zh)}批准。Above the pre-approved limit: it needs the ${escapeHtml(approver.en)}'s decision.</p>
<label for="note">备注 Note</label><textarea id="note" name="note" rows="2"></textarea>${error('note')}${error('decision')}`;
  }
  if (input.step === 'loss_reason') {
    return `<label>流失原因 Reason</label>${select(
      'category',
      Object.entries(LOSS_CATEGORIES).map(([id, words]): [string, string] => [id, `${words.zh} ${words.en}`]),
    )}${error('category')}
<label for="note">说明 Note</label><textarea id="note" name="note" rows="3"></textarea>${error('note')}`;
  }
  return `<label>联系结果 How did it go?</label>${select('result', [
    ['reached', '已联系上 Reached'],
    ['unreachable', '联系不上 Unreachable'],
    ['refused', '顾客拒绝 Refused'],
  ])}${error('result')}
<label for="said">顾客的话 What the customer said</label><textarea id="said" name="said" rows="3"></textarea>${error('said')}
<label for="cause">原因 Cause</label><textarea id="cause" name="cause" rows="2" required></textarea>${error('cause')}`;
}

/** The benefit the plan chose, on the first-contact page: what to offer, and whether it still needs an approval before it is issued. */
function chosenBenefitBlock(chosen: StepPageInput['chosenBenefit']): string {
  if (chosen === undefined) return '';
  const line = benefitLine(chosen);
  const approvers = chosen.approvers.map(approverTitle);
  const note = approvers.length
    ? `超出预批额度：${approvers.map((a) => a.zh).join('、')}批准后才发放，先不要向顾客承诺。Above the pre-approved limit: issued once the ${approvers.map((a) => a.en).join(' and the ')} approve it; do not promise it yet.`
    : '在预批额度内：记录联系后即发放（顾客拒绝则不发放），您会收到兑换码。Within the pre-approved limit: issued once the contact is recorded (not if the customer refuses); you will get the code.';
  return `<p class="benefit">计划福利 Benefit in the plan: <strong>${escapeHtml(line.zh)}</strong></p><p class="muted">${escapeHtml(note)}</p>`;
}

export function stepPage(input: StepPageInput): string {
  const step = WAITING_STEPS[input.step];
  const due = input.dueBy ? bilingual(deadlineInWords(input.dueBy, input.policy.timeZone)) : '';
  const summary = `<p>门店 Store ${escapeHtml(input.storeId)} · ${input.level}级 Level ${input.level}${due ? ` · 截止 Due ${escapeHtml(due)}` : ''}</p>
<ul>${input.indicators.map((finding) => `<li>${finding.core ? '<b>[核心 core]</b> ' : ''}<b>${escapeHtml(indicatorName(finding.id, input.policy))}</b>：${escapeHtml(bilingualEvidence(finding.evidence))}</li>`).join('')}</ul>
${input.step === 'contact' ? chosenBenefitBlock(input.chosenBenefit) : ''}`;
  if (input.readOnly !== undefined) {
    return page(
      `${step.titleZh} ${step.titleEn}: ${input.customerLabel}`,
      `<p class="read-only">${escapeHtml(input.readOnly)}</p>${summary}`,
    );
  }
  return page(
    `${step.titleZh} ${step.titleEn}: ${input.customerLabel}`,
    `${summary}
${contactBlock(input.contact)}
<form method="post">${fields(input)}
${
  input.step === 'approval'
    ? '<button type="submit" name="decision" value="approve">批准 Approve</button> <button type="submit" name="decision" value="reject">驳回 Reject</button>'
    : '<button type="submit">提交 Submit</button>'
}</form>`,
  );
}
