/**
 * `index.html` of `simulate compare --out dir/`: per metric, b − a with its
 * paired and unpaired 95% intervals, drawn as two bars around zero (the
 * paired one on top) so the gain of common random numbers shows at a
 * glance; the runs themselves are side by side in report.html. No script:
 * the page's policy forbids everything but its inline style.
 */
import type { CompareResult, MetricComparison } from '../compare/compare.js';
import { formatMetric } from '../scenario/metric-units.js';
import { escapeHtml } from './html-escape.js';
import { PAGE_CSS } from './report-html.js';

const W = 240;
const H = 28;

/** The two intervals on one scale, zero marked. */
function intervalsSvg(m: MetricComparison): string {
  const ends = [m.paired.low95, m.paired.high95, m.unpaired.low95, m.unpaired.high95, 0].filter((x): x is number => x !== null);
  if (ends.length < 5) return '';
  const lo = Math.min(...ends);
  const span = Math.max(...ends) - lo || 1;
  const x = (v: number): number => 8 + ((v - lo) / span) * (W - 16);
  const bar = (a: number, b: number, y: number, color: string): string =>
    `<line x1="${x(a).toFixed(1)}" x2="${x(b).toFixed(1)}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="5" stroke-linecap="round"/>`;
  return [
    `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="paired and unpaired intervals">`,
    `<line x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="2" y2="${H - 2}" stroke="#5a6477" stroke-dasharray="2 2"/>`,
    bar(m.paired.low95!, m.paired.high95!, 9, '#1f77b4'),
    bar(m.unpaired.low95!, m.unpaired.high95!, 20, '#b0b8c6'),
    '</svg>',
  ].join('');
}

function diff(m: MetricComparison, d: MetricComparison['paired']): string {
  if (d.mean === null) return '–';
  const sign = d.mean > 0 ? '+' : d.mean < 0 ? '−' : '±';
  const u = m.unit ?? undefined;
  return `${sign}${escapeHtml(formatMetric(Math.abs(d.mean), u))}${d.halfWidth95 === null ? '' : ` ± ${escapeHtml(formatMetric(d.halfWidth95, u))}`}`;
}

function rowHtml(m: MetricComparison): string {
  const u = m.unit ?? undefined;
  const cells = [
    `<td>${escapeHtml(m.metric)}${m.objective ? `<br><span class="legend">SLO ${escapeHtml(m.objective)}</span>` : ''}</td>`,
    `<td class="num">${escapeHtml(formatMetric(m.a, u))}</td>`,
    `<td class="num">${escapeHtml(formatMetric(m.b, u))}</td>`,
    `<td class="num${m.significant ? ' failed' : ''}">${diff(m, m.paired)}</td>`,
    `<td class="num">${diff(m, m.unpaired)}</td>`,
    `<td class="num">${m.narrowerBy === null ? '–' : `${(m.narrowerBy * 100).toFixed(0)}%`}</td>`,
    `<td>${intervalsSvg(m)}</td>`,
  ];
  return `<tr>${cells.join('')}</tr>`;
}

export function compareHtml(c: CompareResult): string {
  const title = c.scenarios.map((s) => s.name).join(' vs ');
  const scenarios = c.scenarios.map((s) => {
    const failed = s.slo.filter((v) => !v.ok);
    const slo = s.slo.length === 0 ? 'no SLO' : failed.length === 0 ? '<span class="ok">SLO ok</span>' : `<span class="failed">not met: ${escapeHtml(failed.map((v) => v.objective).join('; '))}</span>`;
    return `<li><b>${escapeHtml(s.name)}</b> (${escapeHtml(s.file)}): ${slo}</li>`;
  });
  const tables = c.differences.map(
    (d) =>
      `<h2>${escapeHtml(d.b)} − ${escapeHtml(d.a)}</h2>\n<table><thead><tr><th>metric</th><th>${escapeHtml(d.a)}</th><th>${escapeHtml(d.b)}</th><th>paired 95%</th><th>unpaired 95%</th><th>paired narrower by</th><th>intervals</th></tr></thead><tbody>\n${d.metrics.map(rowHtml).join('\n')}\n</tbody></table>`,
  );
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)} — simulate comparison</title>`,
    `<style>${PAGE_CSS}</style>`,
    '</head><body>',
    `<header><h1>${escapeHtml(title)}</h1><p>simulate compare · ${c.replications} replications each · common random numbers (seed ${escapeHtml(String(c.seed))}) · SLO gate ${c.gate} · <a style="color:#fff" href="report.html">the runs side by side</a></p></header>`,
    '<main style="padding: 16px 24px">',
    `<ul>${scenarios.join('')}</ul>`,
    '<p class="legend">Differences are b − a, the mean over replications with its 95% interval. Paired: the t interval of the per-replication differences (replication i of each with the same seed). Unpaired: Welch\'s, as if the runs were independent. Bars: <span style="color:#1f77b4">paired</span> over <span style="color:#8a93a3">unpaired</span>, the dashed line at zero. A red difference is significant (its paired interval excludes 0).</p>',
    ...tables,
    '</main>',
    '</body></html>',
    '',
  ].join('\n');
}
