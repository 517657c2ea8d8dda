import { ERASED_REASON } from '../privacy/erasure-plan.ts';
import type { ChurnReasonRow } from './churn-reasons.ts';
import type { CoreChurnRow } from './core-churn.ts';
import { csvFile, shareCell } from './csv-file.ts';
import { successChart } from './evaluation-html.ts';
import type { AccuracyRow, BreachRow } from './kpis.ts';
import { escapeHtml, reportPage } from './report-page.ts';
import type { EvaluationRow } from './winback-evaluation.ts';

/** What a store's cases came to over the quarter: how many, how they ended, what was issued. */
export interface ExecutionRow {
  storeId: string;
  alertsByLevel: [number, number, number];
  /** Case statuses now (recovered, refused, lost, self_recovered, open, in_progress...). */
  byStatus: Record<string, number>;
  benefitsIssued: number;
  benefitCost: number;
  breaches: number;
}

export interface QuarterFacts {
  execution: readonly ExecutionRow[];
  evaluation: readonly EvaluationRow[];
  accuracy: readonly AccuracyRow[];
  coreChurn: readonly CoreChurnRow[];
  breaches: readonly BreachRow[];
  reasons: readonly ChurnReasonRow[];
}

/** A problem the quarter's numbers show, with the proposal that answers it (Art. 19-20). */
export interface Finding {
  kind: 'success_rate' | 'warning_accuracy' | 'core_churn' | 'breaches' | 'churn_reason';
  subject: string;
  problem: string;
  proposal: string;
}

const percent = (value: number | undefined): string => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);

/** A reason is common (共性问题, Art. 17) when more than one case gives it and it is behind at least this share of the losses. */
const COMMON_REASON = { minCases: 2, minShare: 0.2 };

/**
 * The problems section of the quarterly report, found in the numbers rather than written from
 * memory: every level of a store below its target (Art. 19 asks for the cause and a change of
 * indicators or strategy), warning accuracy and core churn outside their KPIs (Art. 24), people
 * with missed deadlines (Art. 26), and the reasons behind a large share of the losses (Art. 17).
 */
export function quarterlyFindings(facts: QuarterFacts): Finding[] {
  const findings: Finding[] = [];
  for (const row of facts.evaluation) {
    if (row.mark !== 'misses') continue;
    findings.push({
      kind: 'success_rate',
      subject: `${row.storeId} level ${row.level}`,
      problem: `win-back success ${percent(row.successRate)} (${row.recovered} of ${row.alerted}) against a target of ${percent(row.target)}`,
      proposal: `Review the level-${row.level} strategy and benefits of ${row.storeId} with its store manager; if the alerts themselves were weak, re-test the thresholds with npx winback backtest before the next policy version (Art. 9, 19).`,
    });
  }
  for (const row of facts.accuracy) {
    if (row.mark !== 'misses') continue;
    findings.push({
      kind: 'warning_accuracy',
      subject: row.storeId,
      problem: `warning accuracy ${percent(row.accuracy)} (${row.confirmed} of ${row.answered} plans confirmed the indicators) against ${percent(row.target)}`,
      proposal:
        'Look at the indicators of the alerts not confirmed at verify; raise the thresholds that fired on customers who were fine, or gate them on the return model (Art. 9, 24).',
    });
  }
  for (const row of facts.coreChurn) {
    if (row.mark !== 'misses') continue;
    findings.push({
      kind: 'core_churn',
      subject: row.storeId,
      problem: `core-customer churn ${percent(row.rate)} (${row.churned} of ${row.activeCore}) against at most ${percent(row.target)}`,
      proposal: `Have the head of operations review every lost core customer of ${row.storeId} with the store manager and bring core customers' first contact forward (Art. 24, 26).`,
    });
  }
  for (const row of facts.breaches) {
    findings.push({
      kind: 'breaches',
      subject: `${row.person} (${row.role})`,
      problem: `${row.breaches} deadline(s) missed: ${Object.entries(row.byStep)
        .map(([step, n]) => `${step} ${n}`)
        .join(', ')}`,
      proposal:
        'Check workload and deputies for this person; breaches go on the record for the performance review (Art. 24, 26).',
    });
  }
  const lostTotal = facts.reasons.reduce((sum, row) => sum + row.total, 0);
  for (const row of facts.reasons) {
    if (row.total < COMMON_REASON.minCases || row.total / lostTotal < COMMON_REASON.minShare) continue;
    // Refusals of erased customers: their words are gone, so the row is no cause anyone could act on.
    if (row.reason === ERASED_REASON) continue;
    findings.push({
      kind: 'churn_reason',
      subject: `${row.outcome}: ${row.reason}`,
      problem: `${row.total} of ${lostTotal} lost or refused cases (${percent(row.total / lostTotal)}) give this reason`,
      proposal:
        'Send this cause to the department that owns it (scripts, DMs, venue, service) for a fix with a date, and check the next quarter that it falls (Art. 17).',
    });
  }
  return findings;
}

/** The quarterly report (Art. 20): alert statistics, execution of measures, results, problems and proposals, on one page. */
export function quarterlyHtml(
  period: string,
  policyVersion: string,
  facts: QuarterFacts,
  findings: readonly Finding[],
): string {
  const execution = facts.execution
    .map((row) => {
      const statuses =
        Object.entries(row.byStatus)
          .map(([status, n]) => `${status} ${n}`)
          .join(', ') || '–';
      return `<tr><td class="text">${escapeHtml(row.storeId)}</td>${row.alertsByLevel.map((n) => `<td>${n}</td>`).join('')}<td class="text">${escapeHtml(statuses)}</td><td>${row.benefitsIssued}</td><td>¥${row.benefitCost.toFixed(2)}</td><td>${row.breaches}</td></tr>`;
    })
    .join('\n');
  const results = facts.evaluation
    .map(
      (row) =>
        `<tr><td class="text">${escapeHtml(row.storeId)}</td><td>${row.level}</td><td>${row.recovered} / ${row.alerted}</td><td>${percent(row.successRate)}</td><td>${percent(row.target)}</td><td class="${row.mark.replace(' ', '-')}">${row.mark}</td></tr>`,
    )
    .join('\n');
  const kpis = facts.accuracy
    .map((row) => {
      const churn = facts.coreChurn.find((c) => c.storeId === row.storeId);
      return `<tr><td class="text">${escapeHtml(row.storeId)}</td><td class="${row.mark.replace(' ', '-')}">${percent(row.accuracy)}</td><td class="${(churn?.mark ?? 'no cases').replace(' ', '-')}">${percent(churn?.rate)}</td></tr>`;
    })
    .join('\n');
  const problems = findings.length
    ? `<ol>${findings.map((f) => `<li><b>${escapeHtml(f.subject)}</b>: ${escapeHtml(f.problem)}</li>`).join('')}</ol>`
    : '<p>没有发现问题。Every target and KPI was met; no deadline was missed.</p>';
  const proposals = findings.length
    ? `<ol>${findings.map((f) => `<li><b>${escapeHtml(f.subject)}</b>: ${escapeHtml(f.proposal)}</li>`).join('')}</ol>`
    : '<p>Keep the current policy version.</p>';
  return reportPage(
    `季度评估报告 Quarterly evaluation ${period}`,
    `Policy ${escapeHtml(policyVersion)} · for management's approval (Art. 20): alerts identified in the quarter and what became of them.`,
    `<h2>一、预警数据统计 Alert statistics and 二、措施执行 Execution of measures</h2>
<table><tr><th>Store</th><th>L1</th><th>L2</th><th>L3</th><th>Cases by status</th><th>Benefits issued</th><th>Benefit cost</th><th>Breaches</th></tr>${execution}</table>
<h2>三、效果评估 Results</h2>
${[...new Set(facts.evaluation.map((row) => row.storeId))].map((storeId) => `<figure><figcaption>${escapeHtml(storeId)}: success rate (bar) against target (line)</figcaption>${successChart(facts.evaluation.filter((row) => row.storeId === storeId))}</figure>`).join('\n')}
<table><tr><th>Store</th><th>Level</th><th>Recovered / alerted</th><th>Success rate</th><th>Target</th><th>Mark</th></tr>${results}</table>
<table><tr><th>Store</th><th>Warning accuracy</th><th>Core-customer churn</th></tr>${kpis}</table>
<h2>四、存在问题 Problems</h2>${problems}
<h2>五、优化建议 Proposals</h2>${proposals}`,
  );
}

export function quarterlyCsv(facts: QuarterFacts, findings: readonly Finding[]): string {
  return csvFile(
    ['section', 'store', 'subject', 'value', 'detail', 'target', 'mark'],
    [
      ...facts.execution.map((row) => [
        'execution',
        row.storeId,
        'alerts L1/L2/L3',
        row.alertsByLevel.join('/'),
        Object.entries(row.byStatus)
          .map(([s, n]) => `${s}: ${n}`)
          .join('; '),
        '',
        '',
      ]),
      ...facts.execution.map((row) => [
        'execution',
        row.storeId,
        'benefits issued',
        row.benefitsIssued,
        row.benefitCost.toFixed(2),
        '',
        '',
      ]),
      ...facts.evaluation.map((row) => [
        'results',
        row.storeId,
        `success level ${row.level}`,
        shareCell(row.successRate),
        `${row.recovered}/${row.alerted}`,
        row.target,
        row.mark,
      ]),
      ...facts.accuracy.map((row) => [
        'results',
        row.storeId,
        'warning accuracy',
        shareCell(row.accuracy),
        `${row.confirmed}/${row.answered}`,
        row.target,
        row.mark,
      ]),
      ...facts.coreChurn.map((row) => [
        'results',
        row.storeId,
        'core-customer churn',
        shareCell(row.rate),
        `${row.churned}/${row.activeCore}`,
        row.target,
        row.mark,
      ]),
      ...findings.map((f) => ['problem', '', f.subject, f.problem, f.proposal, '', '']),
    ],
  );
}
