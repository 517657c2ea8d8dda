import { WAITING_STEPS } from '#shared/cases/waiting-steps.ts';
import type { DigestLine } from '#shared/digest/staff-digest.ts';
import { escapeHtml } from '#shared/html/escape-html.ts';
import type { PlacedAlert } from '#shared/queue/opening-plan.ts';
import { deadlineInWords, momentInWords } from '#shared/time/staff-time.ts';
import { page } from '../case-page/page-html.ts';

export interface WorklistInput {
  name: string;
  now: number;
  timeZone: string;
  own: readonly DigestLine[];
  team: ReadonlyArray<DigestLine & { ownerName: string }>;
  /** Alerts waiting in the person's own line, next to open first. */
  line: readonly PlacedAlert[];
  customerLabel: (customerId: string) => string;
  linkOf: (line: DigestLine, purpose: 'decide' | 'view') => string;
}

/** The head of the person's line: what opens next; the risk list has the whole queue. */
const LINE_SHOWN = 30;

function stepItem(line: DigestLine, input: WorklistInput, purpose: 'decide' | 'view', ownerName?: string): string {
  const step = WAITING_STEPS[line.step];
  const due = deadlineInWords(line.dueBy, input.timeZone);
  const reminded = line.round > 0 ? `，已催办 ${line.round} 次 / reminded ${line.round}x` : '';
  return (
    `<li${line.overdue ? ' class="error"' : ''}><a href="${escapeHtml(input.linkOf(line, purpose))}">${line.overdue ? '【逾期 overdue】' : ''}${escapeHtml(ownerName ? `${ownerName}的` : '')}${escapeHtml(step.titleZh)} ${escapeHtml(step.titleEn)}</a>` +
    ` · ${escapeHtml(input.customerLabel(line.customerId))}（${escapeHtml(line.storeId)}，${line.level}级 level ${line.level}）` +
    `<br><span class="muted">截止 ${escapeHtml(due.zh)} / ${escapeHtml(due.en)}${escapeHtml(reminded)}</span></li>`
  );
}

/** A person's worklist: their open steps (overdue first), their team's overdue steps, and the alerts waiting in their line. Decides nothing. */
export function worklistPage(input: WorklistInput): string {
  const asOf = momentInWords(input.now, input.timeZone);
  const own = input.own.length
    ? `<ol>${input.own.map((line) => stepItem(line, input, 'decide')).join('')}</ol>`
    : '<p>没有待办。Nothing waits on you.</p>';
  const team = input.team.length
    ? `<h2>团队逾期（只读） Overdue in your team (read-only)</h2><ol>${input.team.map((line) => stepItem(line, input, 'view', line.ownerName)).join('')}</ol>`
    : '';
  const more =
    input.line.length > LINE_SHOWN
      ? `<p class="muted">…另有 ${input.line.length - LINE_SHOWN} 条 and ${input.line.length - LINE_SHOWN} more (the risk list has them all).</p>`
      : '';
  const line = input.line.length
    ? `<h2>排队中的预警 Waiting in your line (${input.line.length})</h2><p class="muted">您有空余名额时按此顺序开案。They open in this order as you have room.</p><table><tr><th>位置 Place</th><th>顾客 Customer</th><th>等级 Level</th><th>风险价值 At stake</th><th>预警日期 Since</th></tr>${input.line
        .slice(0, LINE_SHOWN)
        .map(
          (placed) =>
            `<tr><td>${placed.position}</td><td>${escapeHtml(input.customerLabel(placed.customerId))}（${escapeHtml(placed.storeId)}）</td><td>${placed.level}</td><td>¥${placed.priority.toFixed(0)}</td><td>${escapeHtml(
              momentInWords(placed.identifiedAt, input.timeZone)
                .zh.replace(/^\d+年/, '')
                .replace(/（.*$/, ''),
            )}</td></tr>`,
        )
        .join('')}</table>${more}`
    : '';
  return page(
    `${input.name}的待办清单 Worklist`,
    `<p class="muted">截至 ${escapeHtml(asOf.zh)} / as of ${escapeHtml(asOf.en)}。每项的链接打开该步骤；本页只读。Each link opens its step; this page decides nothing.</p>` +
      `<h2>您的待办（逾期在前） Your steps, overdue first</h2>${own}${team}${line}`,
  );
}
