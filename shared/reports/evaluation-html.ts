import { escapeHtml } from '../html/escape-html.ts';
import { headerRow, reportPage } from './report-page.ts';
import { COLUMN, markInWords } from './report-wording.ts';
import type { EvaluationRow } from './winback-evaluation.ts';
import type { ResultsRow } from './winback-results.ts';

const percent = (value: number | undefined): string => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);

/** One store's three levels as bars against their targets, drawn on the server: the page loads nothing from the internet. */
export function successChart(rows: readonly EvaluationRow[]): string {
  const width = 360;
  const barHeight = 22;
  const gap = 10;
  const left = 70;
  const scale = (value: number) => left + value * (width - left - 10);
  const bars = rows
    .map((row, i) => {
      const y = 10 + i * (barHeight + gap);
      const rate = row.successRate ?? 0;
      const colour = row.mark === 'meets' ? '#137333' : row.mark === 'misses' ? '#b00020' : '#999';
      return `<text x="0" y="${y + 16}" font-size="13">${row.level}级 L${row.level}</text>
<rect x="${left}" y="${y}" width="${(scale(rate) - left).toFixed(1)}" height="${barHeight}" fill="${colour}"><title>${percent(row.successRate)}</title></rect>
<line x1="${scale(row.target).toFixed(1)}" x2="${scale(row.target).toFixed(1)}" y1="${y - 3}" y2="${y + barHeight + 3}" stroke="#000" stroke-width="2"/>`;
    })
    .join('\n');
  const height = 10 + rows.length * (barHeight + gap);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="各等级挽回成功率与目标 success rate against target by level">${bars}</svg>`;
}

const yuan = (value: number): string =>
  `¥${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function resultsTable(cohort: string, rows: readonly ResultsRow[]): string {
  const lines = rows
    .map((row) => {
      const satisfaction = row.satisfaction
        ? `${row.satisfaction.before.toFixed(1)} → ${row.satisfaction.after.toFixed(1)} (${row.satisfaction.change >= 0 ? '+' : ''}${row.satisfaction.change.toFixed(1)}; ${row.satisfaction.pairs})`
        : '–';
      return `<tr><td>${row.level}</td><td>${row.closed}</td><td>${row.recovered}</td><td>${row.repurchased} (${percent(row.repurchaseRate)})</td><td>${satisfaction}</td><td>${yuan(row.benefitCost)}</td><td>${yuan(row.recoveredRevenue)}</td><td>${row.returnOnCost === undefined ? '–' : row.returnOnCost.toFixed(2)}</td></tr>`;
    })
    .join('\n');
  return `<h3>${escapeHtml(cohort)} 结案个案的结果 Results of the cases closed in ${escapeHtml(cohort)}</h3>
<table>${headerRow([
    COLUMN.level,
    '结案 Closed',
    COLUMN.recovered,
    '3个月内复购 Repurchased in 3 months',
    '满意度 前 → 后（变化；顾客数） Satisfaction before → after (change; customers)',
    COLUMN.benefitCost,
    '挽回顾客消费 Recovered revenue',
    '每元福利的消费 Revenue per yuan',
  ])}${lines}</table>`;
}

/** The monthly win-back evaluation as a page: per store a chart (bar = success rate, line = target) and the table under it. */
export function evaluationHtml(
  period: string,
  policyVersion: string,
  rows: readonly EvaluationRow[],
  results: { cohort: string; rows: readonly ResultsRow[] },
): string {
  const stores = [...new Set(rows.map((row) => row.storeId))];
  const sections = stores
    .map((storeId) => {
      const mine = rows.filter((row) => row.storeId === storeId);
      const lines = mine
        .map(
          (row) =>
            `<tr><td>${row.level}</td><td>${row.alerted}</td><td>${row.recovered}</td><td>${row.open}</td><td>${percent(row.successRate)}</td><td>${row.interval ? `${percent(row.interval.low)} – ${percent(row.interval.high)}` : '–'}</td><td>${percent(row.target)}</td><td class="${row.mark.replace(' ', '-')}">${markInWords(row.mark)}</td><td>${row.uplift ? `${percent(row.uplift.difference)} (${percent(row.uplift.low)} – ${percent(row.uplift.high)})` : '–'}</td></tr>`,
        )
        .join('\n');
      return `<h2>门店 Store ${escapeHtml(storeId)}</h2>${successChart(mine)}
<table>${headerRow([
        COLUMN.level,
        COLUMN.alerted,
        COLUMN.recovered,
        COLUMN.open,
        COLUMN.successRate,
        COLUMN.interval,
        COLUMN.target,
        COLUMN.mark,
        '相对对照组的提升 Uplift over hold-out',
      ])}${lines}</table>
${resultsTable(
  results.cohort,
  results.rows.filter((row) => row.storeId === storeId),
)}`;
    })
    .join('\n');
  return reportPage(
    `挽回评估 Win-back evaluation ${period}`,
    `政策 ${escapeHtml(policyVersion)} · 挽回成功率 = 当月挽回 / 当月预警（第18-19条）；柱 = 成功率，线 = 目标。仍未结案的个案计为（尚）未挽回。
结果（第18条）为 ${escapeHtml(results.cohort)} 结案、结案后三个月已过的个案：复购 = 挽回的顾客在这三个月内再次到店；满意度 = 预警前几个月的回访评分与预警后的对比；回报 = 挽回的顾客自预警起的消费，按每元福利计。<br>
Policy ${escapeHtml(policyVersion)} · success rate = recovered / alerted in the month (Art. 18-19); bar = rate, line = target. Cases still open count as not (yet) recovered.
Results (Art. 18) are those of the cases closed in ${escapeHtml(results.cohort)}, whose three months after closing have passed: repurchase = a recovered customer visited again within them; satisfaction = surveys in the months before the alert against those after it; return = what the recovered customers spent from the alert on, per yuan of benefit.`,
    sections,
  );
}
