import type { Policy, Level } from '#shared/policy/policy-schema.ts';
import type { Finding } from '#shared/scoring/policy-scorer.ts';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small page that reads well on a phone, Chinese first and English under it. */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;line-height:1.5}
label{display:block;margin-top:1rem;font-weight:600}textarea,select{width:100%;font-size:1rem}button{margin-top:1.5rem;font-size:1.1rem;padding:.6rem 1.2rem}
.error{color:#b00020}.muted{color:#555}</style></head><body><h1>${escape(title)}</h1>${body}</body></html>`;
}

export interface PlanPageInput {
  customerLabel: string;
  storeId: string;
  level: Level;
  indicators: Finding[];
  responsePlanBy: string;
  policy: Policy;
  errors?: Record<string, string>;
}

export function responsePlanPage(input: PlanPageInput): string {
  const benefits = input.policy.strategies[input.level].benefits;
  const error = (field: string) => (input.errors?.[field] ? `<p class="error">${escape(input.errors[field] ?? '')}</p>` : '');
  return page(
    `响应计划 Response plan: ${input.customerLabel}`,
    `<p>门店 Store ${escape(input.storeId)} · ${input.level}级 Level ${input.level} · 截止 Due ${escape(input.responsePlanBy)}</p>
<ul>${input.indicators.map((finding) => `<li>${escape(finding.id)}: ${escape(finding.evidence)}</li>`).join('')}</ul>
<form method="post">
<label>预警指标属实吗？ Are the indicators real?</label>
<select name="indicatorsConfirmed"><option value="yes">属实 Yes</option><option value="no">不属实 No</option></select>${error('indicatorsConfirmed')}
<label for="cause">可能原因 Likely cause</label><textarea id="cause" name="likelyCause" rows="3" required></textarea>${error('likelyCause')}
<label>挽回策略 Strategy (${escape(input.policy.strategies[input.level].theme)})</label>
<select name="strategy"><option value="none">暂不发放福利 No benefit yet</option>${benefits
      .map((benefit) => `<option value="${escape(benefit.id)}">${escape(benefit.name)} (¥${benefit.costYuan})</option>`)
      .join('')}</select>${error('strategy')}
<button type="submit">提交 Submit</button></form>`,
  );
}
