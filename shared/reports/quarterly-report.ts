import { escapeHtml } from '../html/escape-html.ts';
import { ERASED_REASON } from '../privacy/erasure-plan.ts';
import type { StaffWords } from '../time/staff-time.ts';
import { type ChurnReasonRow, reasonInWords } from './churn-reasons.ts';
import type { CoreChurnRow } from './core-churn.ts';
import { csvFile, shareCell } from './csv-file.ts';
import { successChart } from './evaluation-html.ts';
import type { AccuracyRow, BreachRow } from './kpis.ts';
import { headerRow, reportPage } from './report-page.ts';
import { COLUMN, markInWords, type PeopleInWords, statusInWords, stepWords } from './report-wording.ts';
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
  /** As the CSV keeps it: ids, English. */
  subject: string;
  problem: string;
  proposal: string;
  /** As the page shows it to management: people by name, steps and reasons in words, Chinese first. */
  shown: { subject: string; problem: StaffWords; proposal: StaffWords };
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
export function quarterlyFindings(facts: QuarterFacts, people: PeopleInWords): Finding[] {
  const findings: Finding[] = [];
  // The English is the CSV's and the page's alike, unless the page names what the CSV keeps as an id.
  const finding = (
    kind: Finding['kind'],
    subject: { data: string; shown: string },
    problem: StaffWords & { data?: string },
    proposal: StaffWords,
  ): Finding => ({
    kind,
    subject: subject.data,
    problem: problem.data ?? problem.en,
    proposal: proposal.en,
    shown: { subject: subject.shown, problem: { zh: problem.zh, en: problem.en }, proposal },
  });
  for (const row of facts.evaluation) {
    if (row.mark !== 'misses') continue;
    findings.push(
      finding(
        'success_rate',
        { data: `${row.storeId} level ${row.level}`, shown: `${row.storeId} ${row.level}级 level ${row.level}` },
        {
          zh: `挽回成功率 ${percent(row.successRate)}（${row.alerted} 位中挽回 ${row.recovered} 位），目标 ${percent(row.target)}`,
          en: `win-back success ${percent(row.successRate)} (${row.recovered} of ${row.alerted}) against a target of ${percent(row.target)}`,
        },
        {
          zh: `与 ${row.storeId} 的店长一起复盘${row.level}级的挽回策略和福利；如果预警本身偏弱，在下一版政策前用 npx winback backtest 重新检验阈值（第9、19条）。`,
          en: `Review the level-${row.level} strategy and benefits of ${row.storeId} with its store manager; if the alerts themselves were weak, re-test the thresholds with npx winback backtest before the next policy version (Art. 9, 19).`,
        },
      ),
    );
  }
  for (const row of facts.accuracy) {
    if (row.mark !== 'misses') continue;
    findings.push(
      finding(
        'warning_accuracy',
        { data: row.storeId, shown: row.storeId },
        {
          zh: `预警准确率 ${percent(row.accuracy)}（${row.answered} 份响应计划中 ${row.confirmed} 份确认指标属实），目标 ${percent(row.target)}`,
          en: `warning accuracy ${percent(row.accuracy)} (${row.confirmed} of ${row.answered} plans confirmed the indicators) against ${percent(row.target)}`,
        },
        {
          zh: '查看核实时未被确认的预警的指标；对在并无流失迹象的顾客身上触发的阈值予以提高，或以回店模型把关（第9、24条）。',
          en: 'Look at the indicators of the alerts not confirmed at verify; raise the thresholds that fired on customers who were fine, or gate them on the return model (Art. 9, 24).',
        },
      ),
    );
  }
  for (const row of facts.coreChurn) {
    if (row.mark !== 'misses') continue;
    findings.push(
      finding(
        'core_churn',
        { data: row.storeId, shown: row.storeId },
        {
          zh: `核心顾客流失率 ${percent(row.rate)}（${row.activeCore} 位中流失 ${row.churned} 位），上限 ${percent(row.target)}`,
          en: `core-customer churn ${percent(row.rate)} (${row.churned} of ${row.activeCore}) against at most ${percent(row.target)}`,
        },
        {
          zh: `由运营负责人与 ${row.storeId} 的店长逐一复盘流失的核心顾客，并把核心顾客的首次联系提前（第24、26条）。`,
          en: `Have the head of operations review every lost core customer of ${row.storeId} with the store manager and bring core customers' first contact forward (Art. 24, 26).`,
        },
      ),
    );
  }
  for (const row of facts.breaches) {
    const steps = Object.entries(row.byStep);
    findings.push(
      finding(
        'breaches',
        {
          data: `${row.person} (${row.role})`,
          shown: `${people.person(row.person)}，${people.role(row.role)}`,
        },
        {
          zh: `超时 ${row.breaches} 次：${steps.map(([step, n]) => `${stepWords(step).zh} ${n}`).join('，')}`,
          en: `${row.breaches} deadline(s) missed: ${steps.map(([step, n]) => `${stepWords(step).en} ${n}`).join(', ')}`,
          data: `${row.breaches} deadline(s) missed: ${steps.map(([step, n]) => `${step} ${n}`).join(', ')}`,
        },
        {
          zh: '核查此人的工作量和代理人安排；超时记录将计入绩效考核（第24、26条）。',
          en: 'Check workload and deputies for this person; breaches go on the record for the performance review (Art. 24, 26).',
        },
      ),
    );
  }
  const lostTotal = facts.reasons.reduce((sum, row) => sum + row.total, 0);
  for (const row of facts.reasons) {
    if (row.total < COMMON_REASON.minCases || row.total / lostTotal < COMMON_REASON.minShare) continue;
    // Refusals of erased customers: their words are gone, so the row is no cause anyone could act on.
    if (row.reason === ERASED_REASON) continue;
    findings.push(
      finding(
        'churn_reason',
        {
          data: `${row.outcome}: ${row.reason}`,
          shown: `${statusInWords(row.outcome)}：${reasonInWords(row)}`,
        },
        {
          zh: `${lostTotal} 个以流失或拒绝结案的个案中，${row.total} 个（${percent(row.total / lostTotal)}）给出这个原因`,
          en: `${row.total} of ${lostTotal} lost or refused cases (${percent(row.total / lostTotal)}) give this reason`,
        },
        {
          zh: '把这个原因交给负责的部门（剧本、DM、场地、服务）限期整改，并在下个季度核对它是否减少（第17条）。',
          en: 'Send this cause to the department that owns it (scripts, DMs, venue, service) for a fix with a date, and check the next quarter that it falls (Art. 17).',
        },
      ),
    );
  }
  return findings;
}

/** A finding's line on the page: its subject, then the Chinese and under it the English. */
const findingLine = (subject: string, words: StaffWords): string =>
  `<li><b>${escapeHtml(subject)}</b>：${escapeHtml(words.zh)}<br>${escapeHtml(words.en)}</li>`;

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
          .map(([status, n]) => `${statusInWords(status)} ${n}`)
          .join('；') || '–';
      return `<tr><td class="text">${escapeHtml(row.storeId)}</td>${row.alertsByLevel.map((n) => `<td>${n}</td>`).join('')}<td class="text">${escapeHtml(statuses)}</td><td>${row.benefitsIssued}</td><td>¥${row.benefitCost.toFixed(2)}</td><td>${row.breaches}</td></tr>`;
    })
    .join('\n');
  const results = facts.evaluation
    .map(
      (row) =>
        `<tr><td class="text">${escapeHtml(row.storeId)}</td><td>${row.level}</td><td>${row.recovered} / ${row.alerted}</td><td>${percent(row.successRate)}</td><td>${percent(row.target)}</td><td class="${row.mark.replace(' ', '-')}">${markInWords(row.mark)}</td></tr>`,
    )
    .join('\n');
  const kpis = facts.accuracy
    .map((row) => {
      const churn = facts.coreChurn.find((c) => c.storeId === row.storeId);
      return `<tr><td class="text">${escapeHtml(row.storeId)}</td><td class="${row.mark.replace(' ', '-')}">${percent(row.accuracy)}</td><td class="${(churn?.mark ?? 'no cases').replace(' ', '-')}">${percent(churn?.rate)}</td></tr>`;
    })
    .join('\n');
  const problems = findings.length
    ? `<ol>${findings.map((f) => findingLine(f.shown.subject, f.shown.problem)).join('')}</ol>`
    : '<p>没有发现问题：所有目标和关键指标均已达成，没有超时。<br>Every target and KPI was met; no deadline was missed.</p>';
  const proposals = findings.length
    ? `<ol>${findings.map((f) => findingLine(f.shown.subject, f.shown.proposal)).join('')}</ol>`
    : '<p>维持当前政策版本。<br>Keep the current policy version.</p>';
  return reportPage(
    `季度评估报告 Quarterly evaluation ${period}`,
    `政策 ${escapeHtml(policyVersion)} · 提交管理层审批（第20条）：本季度识别的预警及其结果。<br>Policy ${escapeHtml(policyVersion)} · for management's approval (Art. 20): alerts identified in the quarter and what became of them.`,
    `<h2>一、预警数据统计 Alert statistics and 二、措施执行 Execution of measures</h2>
<table>${headerRow([
      COLUMN.store,
      '1级预警 L1',
      '2级预警 L2',
      '3级预警 L3',
      '个案状态 Cases by status',
      '已发放福利 Benefits issued',
      COLUMN.benefitCost,
      COLUMN.breaches,
    ])}${execution}</table>
<h2>三、效果评估 Results</h2>
${[...new Set(facts.evaluation.map((row) => row.storeId))].map((storeId) => `<figure><figcaption>${escapeHtml(storeId)}：挽回成功率（柱）与目标（线） success rate (bar) against target (line)</figcaption>${successChart(facts.evaluation.filter((row) => row.storeId === storeId))}</figure>`).join('\n')}
<table>${headerRow([
      COLUMN.store,
      COLUMN.level,
      '挽回 / 预警 Recovered / alerted',
      COLUMN.successRate,
      COLUMN.target,
      COLUMN.mark,
    ])}${results}</table>
<table>${headerRow([COLUMN.store, '预警准确率 Warning accuracy', '核心顾客流失率 Core-customer churn'])}${kpis}</table>
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
