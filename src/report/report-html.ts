/**
 * `report.html`: one self-contained page (uPlot and the data inlined, a
 * Content-Security-Policy that forbids every network access) showing the
 * headline, the timeline with incidents and scaling actions marked, the
 * tiers over time, the incident table and the topology.
 *
 * A page shows one or more runs: each run is a column of the same charts,
 * so a comparison of scenarios or of a sweep's points is a page with
 * several runs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { SeriesSummary } from '../run/summary/series-types.js';
import type { Summary } from '../run/summary.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { escapeHtml, jsonForScript } from './html-escape.js';
import { headlineHtml, incidentTableHtml, sloTableHtml } from './report-sections.js';
import type { Topology } from './topology.js';
import { topologySvg } from './topology-svg.js';

export interface ReportRun {
  /** Shown above the run's column (the scenario's name, or a sweep point). */
  label: string;
  summary: Summary;
  topology: Topology;
}

interface ChartLine {
  path: string;
  label: string;
  /** Multiplier applied to the values (1 / window for per-second rates). */
  scale?: number;
}

export interface ChartSpec {
  title: string;
  unit: string;
  lines: ChartLine[];
}

interface Mark {
  t: number;
  kind: 'start' | 'detected' | 'restored' | 'scaling';
  label: string;
}

const here = createRequire(import.meta.url);
function asset(path: string): string {
  return readFileSync(here.resolve(path), 'utf8');
}

/** The charts of a run, from the series it has: a chart appears only when one of its lines has data. */
export function chartsOf(series: SeriesSummary): ChartSpec[] {
  const keys = Object.keys(series.values);
  const perSecond = 1 / series.windowSeconds;
  const matching = (re: RegExp, label: (m: RegExpMatchArray) => string, scale?: number): ChartLine[] =>
    keys.flatMap((k) => {
      const m = re.exec(k);
      return m ? [{ path: k, label: label(m), ...(scale !== undefined ? { scale } : {}) }] : [];
    });
  const charts: ChartSpec[] = [
    {
      title: 'Requests and throughput',
      unit: 'req/s',
      lines: [...matching(/^requests\.total$/, () => 'requests', perSecond), ...matching(/^requests\.ok$/, () => 'ok', perSecond), ...matching(/^requests\.failed$/, () => 'failed', perSecond)],
    },
    // Only the reasons that occurred: a run without failures has no error chart.
    { title: 'Errors by reason', unit: 'req/s', lines: matching(/^requests\.failedBy\.(.+)$/, (m) => m[1]!, perSecond).filter((l) => series.values[l.path]!.some((v) => v !== null && v > 0)) },
    {
      title: 'Latency',
      unit: 'ms',
      lines: [...matching(/^latencyMs\.(p50|p99)$/, (m) => `all ${m[1]}`), ...matching(/^classes\.([^.]+)\.latencyMs\.p99$/, (m) => `${m[1]} p99`)],
    },
    { title: 'Availability', unit: '0..1', lines: matching(/^availability\.(requests|time)$/, (m) => `by ${m[1]}`) },
    { title: 'Tier utilisation', unit: '0..1', lines: matching(/^tiers\.([^.]+)\.utilisation$/, (m) => m[1]!) },
    { title: 'Tier queue', unit: 'requests', lines: matching(/^tiers\.([^.]+)\.meanQueued$/, (m) => m[1]!) },
    { title: 'Instances serving', unit: 'instances', lines: matching(/^autoscaling\.([^.]+)\.serving$/, (m) => m[1]!) },
    { title: 'Replication lag (p99)', unit: 'ms', lines: matching(/^databases\.([^.]+)\.slaves\.([^.]+)\.lagMs\.p99$/, (m) => `${m[1]} → ${m[2]}`) },
  ];
  return charts.filter((c) => c.lines.some((l) => series.values[l.path]!.some((v) => v !== null)));
}

function marksOf(summary: Summary): Mark[] {
  const marks: Mark[] = [];
  for (const i of summary.incidents) {
    marks.push({ t: i.startSeconds, kind: 'start', label: `${i.target}: ${i.description}` });
    if (i.detectedSeconds !== null) marks.push({ t: i.detectedSeconds, kind: 'detected', label: `detected by ${i.detectedBy ?? '?'}` });
    if (i.serviceRestoredSeconds !== null) marks.push({ t: i.serviceRestoredSeconds, kind: 'restored', label: i.recovery ?? 'service restored' });
  }
  for (const [tier, a] of Object.entries(summary.autoscaling ?? {})) {
    for (const e of a.timeline) if (e.action !== 'powered-off') marks.push({ t: e.atSeconds, kind: 'scaling', label: `${tier}: ${e.action} ${e.instance ?? ''}`.trim() });
  }
  return marks;
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function runColumn(run: ReportRun, ri: number, charts: ChartSpec[]): string {
  const s = run.summary;
  return [
    `<section class="run">`,
    `<h2>${escapeHtml(run.label)}</h2>`,
    headlineHtml(s),
    sloTableHtml(s),
    '<h3>Timeline</h3>',
    '<p class="legend">Marks: <span style="color:#d62728">incident start</span>, <span style="color:#ff7f0e">detection</span>, <span style="color:#2ca02c">service restored</span>, <span style="color:#1f77b4">scaling action</span>.</p>',
    s.series ? charts.map((c, ci) => `<div class="chart" id="chart-${ri}-${ci}" data-title="${escapeHtml(c.title)}"></div>`).join('\n') : '<p class="empty">This run recorded no time series.</p>',
    '<h3>Incidents</h3>',
    incidentTableHtml(s),
    '<h3>Topology</h3>',
    topologySvg(run.topology),
    '</section>',
  ].join('\n');
}

export function reportHtml(runs: ReportRun[], title = runs.map((r) => r.label).join(' vs ')): string {
  const uplotJs = asset('uplot/dist/uPlot.iife.min.js');
  const uplotCss = asset('uplot/dist/uPlot.min.css');
  const charts = runs.map((r) => (r.summary.series ? chartsOf(r.summary.series) : []));
  const data = {
    runs: runs.map((r, i) => ({ label: r.label, series: r.summary.series ?? null, charts: charts[i], marks: marksOf(r.summary) })),
  };
  const csp = [`default-src 'none'`, `script-src ${sha256(uplotJs)} ${sha256(CLIENT_SCRIPT)}`, `style-src 'unsafe-inline'`, `img-src data:`, `connect-src 'none'`, `form-action 'none'`, `base-uri 'none'`].join('; ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)} — simulate report</title>`,
    `<style>${uplotCss}\n${PAGE_CSS}</style>`,
    '</head><body>',
    `<header><h1>${escapeHtml(title)}</h1><p>simulate report · ${runs.length === 1 ? escapeHtml(runs[0]!.summary.file) : `${runs.length} runs`}</p></header>`,
    `<main class="runs" style="grid-template-columns: repeat(${runs.length}, minmax(0, 1fr))">`,
    ...runs.map((r, i) => runColumn(r, i, charts[i]!)),
    '</main>',
    `<script type="application/json" id="report-data">${jsonForScript(data)}</script>`,
    `<script>${uplotJs}</script>`,
    `<script>${CLIENT_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

export const PAGE_CSS = `
body { font-family: system-ui, sans-serif; margin: 0; color: #1d2330; background: #fff; }
header { background: #1d2330; color: #fff; padding: 12px 24px; }
header h1 { margin: 0; font-size: 20px; } header p { margin: 4px 0 0; opacity: .8; font-size: 13px; }
main.runs { display: grid; gap: 24px; padding: 16px 24px; }
section.run { min-width: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid #d5dae3; border-radius: 8px; padding: 10px 14px; min-width: 140px; }
.card .v { font-size: 22px; font-weight: 600; } .card .k { font-size: 12px; color: #5a6477; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border-bottom: 1px solid #e3e7ee; padding: 4px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: #1e8449; font-weight: 600; } .failed { color: #c0392b; font-weight: 600; }
.chart { margin: 8px 0 16px; } svg.topology { max-width: 100%; height: auto; }
.legend, .empty { font-size: 12px; color: #5a6477; }
`;
