import { escapeHtml as escape, reportPage } from './report-page.ts';
import type { EvaluationRow } from './winback-evaluation.ts';

const percent = (value: number | undefined): string => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);

/** One store's three levels as bars against their targets, drawn on the server: the page loads nothing from the internet. */
function chart(rows: readonly EvaluationRow[]): string {
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
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="success rate against target by level">${bars}</svg>`;
}

/** The monthly win-back evaluation as a page: per store a chart (bar = success rate, line = target) and the table under it. */
export function evaluationHtml(period: string, policyVersion: string, rows: readonly EvaluationRow[]): string {
  const stores = [...new Set(rows.map((row) => row.storeId))];
  const sections = stores
    .map((storeId) => {
      const mine = rows.filter((row) => row.storeId === storeId);
      const lines = mine
        .map(
          (row) => `<tr><td>${row.level}</td><td>${row.alerted}</td><td>${row.recovered}</td><td>${row.open}</td><td>${percent(row.successRate)}</td>
<td>${row.interval ? `${percent(row.interval.low)} – ${percent(row.interval.high)}` : '–'}</td><td>${percent(row.target)}</td><td class="${row.mark.replace(' ', '-')}">${
            row.mark === 'meets' ? '达标 meets' : row.mark === 'misses' ? '未达标 misses' : '无个案 no cases'
          }</td><td>${row.uplift ? `${percent(row.uplift.difference)} (${percent(row.uplift.low)} – ${percent(row.uplift.high)})` : '–'}</td></tr>`,
        )
        .join('\n');
      return `<h2>门店 Store ${escape(storeId)}</h2>${chart(mine)}
<table><tr><th>Level</th><th>Alerted</th><th>Recovered</th><th>Open</th><th>Success rate</th><th>95% interval</th><th>Target</th><th>Mark</th><th>Uplift over hold-out</th></tr>${lines}</table>`;
    })
    .join('\n');
  return reportPage(
    `挽回评估 Win-back evaluation ${period}`,
    `Policy ${escape(policyVersion)} · success rate = recovered / alerted in the month (Art. 18-19); bar = rate, line = target. Cases still open count as not (yet) recovered.`,
    sections,
  );
}
