import { escapeHtml } from '../html/escape-html.ts';

/** A table's header row: its column titles, Chinese first with the English beside each. */
export const headerRow = (titles: readonly string[]): string =>
  `<tr>${titles.map((title) => `<th>${escapeHtml(title)}</th>`).join('')}</tr>`;

/** A report as one self-contained page: styles inline, nothing loaded from the internet. */
export function reportPage(title: string, intro: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;margin:1rem 2rem}table{border-collapse:collapse;margin:.5rem 0 1.5rem}
td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:right;vertical-align:top}th{background:#f4f4f4}td.text{text-align:left}
.meets{color:#137333}.misses{color:#b00020;font-weight:600}.no-cases{color:#777}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${intro}</p>
${body}</body></html>`;
}
