import { WAITING_STEPS } from '../cases/waiting-steps.ts';
import type { DigestLine, PersonDigest } from '../digest/staff-digest.ts';
import { escapeHtml } from '../html/escape-html.ts';
import { deadlineInWords, momentInWords } from '../time/staff-time.ts';
import type { EmailMessage } from './email-message.ts';

export interface DigestEmailInput {
  digest: PersonDigest;
  /** The morning it is for (epoch ms), named in the subject. */
  at: number;
  timeZone: string;
  customerLabel: (customerId: string) => string;
  /** The page a line's link opens: the owner's own link for their steps, a read-only one for the line above. */
  linkOf: (line: DigestLine, purpose: 'decide' | 'view') => string;
  /** The person's worklist page: these steps as they stand when opened, and the alerts waiting in their line. */
  worklistUrl: string;
}

interface Row {
  zh: string;
  en: string;
  link: string;
  overdue: boolean;
}

function row(line: DigestLine, input: DigestEmailInput, purpose: 'decide' | 'view', ownerName?: string): Row {
  const step = WAITING_STEPS[line.step];
  const due = deadlineInWords(line.dueBy, input.timeZone);
  const customer = `${input.customerLabel(line.customerId)}（${line.storeId}，${line.level}级）`;
  const reminded = line.round > 0 ? `，已催办 ${line.round} 次` : '';
  const whose = ownerName ? `${ownerName}的` : '';
  return {
    zh: `${line.overdue ? '【逾期】' : ''}${whose}${step.titleZh} · ${customer} · 截止 ${due.zh}${reminded}`,
    en: `${line.overdue ? '[OVERDUE] ' : ''}${ownerName ? `${ownerName}'s ` : ''}${step.titleEn.toLowerCase()} · ${input.customerLabel(line.customerId)} (${line.storeId}, level ${line.level}) · due ${due.en}${line.round > 0 ? `, reminded ${line.round}x` : ''}`,
    link: input.linkOf(line, purpose),
    overdue: line.overdue,
  };
}

/**
 * A person's morning email: their open steps, overdue first, each with its deadline in words and
 * the link that answers it; below, the overdue steps of their team that reached them up the line,
 * with links that show the case and decide nothing. Chinese first, English beside it. It replaces
 * the separate reminder emails: one email a day, not one per missed deadline.
 */
export function digestEmail(input: DigestEmailInput): EmailMessage {
  const { digest } = input;
  const own = digest.own.map((line) => row(line, input, 'decide'));
  const team = digest.team.map((line) => row(line, input, 'view', line.ownerName));
  const overdue = own.filter((line) => line.overdue).length;
  const day = momentInWords(input.at, input.timeZone);
  const counts = {
    zh: `${own.length} 项待办${overdue > 0 ? `，其中 ${overdue} 项逾期` : ''}${team.length > 0 ? `；团队逾期 ${team.length} 项` : ''}`,
    en: `${own.length} open step${own.length === 1 ? '' : 's'}${overdue > 0 ? `, ${overdue} overdue` : ''}${team.length > 0 ? `; ${team.length} overdue in your team` : ''}`,
  };
  const subject = `【每日待办 Daily worklist】${digest.person.name}：${counts.zh} / ${counts.en}`;
  const section = (titleZh: string, titleEn: string, rows: Row[]) =>
    rows.length === 0
      ? []
      : [`${titleZh} ${titleEn}`, ...rows.flatMap((r, i) => [`${i + 1}. ${r.zh}`, `   ${r.en}`, `   ${r.link}`]), ''];
  const text = [
    `${digest.person.name}，您好 / Hello ${digest.person.name},`,
    `截至 ${day.zh}：${counts.zh} / As of ${day.en}: ${counts.en}.`,
    `待办清单（随时打开看最新） Your worklist, as it stands when you open it: ${input.worklistUrl}`,
    '',
    ...section('您的待办（逾期在前）', 'Your steps, overdue first', own),
    ...section('团队逾期（只读）', 'Overdue in your team (read-only)', team),
    '每个链接只对应一项、只供本人使用；催办不再单独发邮件，都在这封每日邮件里。',
    'Each link is for one step and for you alone; reminders no longer come one by one, they are in this daily email.',
  ].join('\n');
  const htmlRows = (rows: Row[]) =>
    rows
      .map(
        (r) =>
          `<li${r.overdue ? ' style="color:#b00020"' : ''}><a href="${escapeHtml(r.link)}">${escapeHtml(r.zh)}</a><br><span style="color:#555">${escapeHtml(r.en)}</span></li>`,
      )
      .join('');
  const htmlSection = (titleZh: string, titleEn: string, rows: Row[]) =>
    rows.length === 0 ? '' : `<h3>${escapeHtml(titleZh)} ${escapeHtml(titleEn)}</h3><ol>${htmlRows(rows)}</ol>`;
  const html = [
    `<p>${escapeHtml(digest.person.name)}，您好 / Hello ${escapeHtml(digest.person.name)},</p>`,
    `<p>${escapeHtml(counts.zh)} / ${escapeHtml(counts.en)}</p>`,
    `<p><a href="${escapeHtml(input.worklistUrl)}">打开我的待办清单 Open my worklist</a></p>`,
    htmlSection('您的待办（逾期在前）', 'Your steps, overdue first', own),
    htmlSection('团队逾期（只读）', 'Overdue in your team (read-only)', team),
    '<p style="color:#555">每个链接只对应一项、只供本人使用；催办都在这封每日邮件里。<br>Each link is for one step and for you alone; reminders are in this daily email.</p>',
  ].join('');
  return { to: [digest.person.email], subject, text, html };
}
