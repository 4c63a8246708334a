/**
 * `--out DIR`: the report directory. CSV files parse with a standard CSV
 * parser and their columns are documented; report.html escapes scenario
 * text, opens in headless Chromium with no console error and no network
 * request, and renders every chart with data points.
 */
import { parse } from 'csv-parse/sync';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvText, reportTables } from '../src/report/csv-tables.js';
import { escapeHtml, jsonForScript } from '../src/report/html-escape.js';
import { chartsOf, reportHtml } from '../src/report/report-html.js';
import { topologyOf } from '../src/report/topology.js';
import { topologySvg } from '../src/report/topology-svg.js';
import { writeReportDir } from '../src/report/write-report-dir.js';
import type { SeriesSummary } from '../src/run/summary/series-types.js';
import type { Summary } from '../src/run/summary.js';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/run/run-scenario.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumAvailable } from './support/browser.js';
import { ROOT, simulate } from './support/cli.js';

const HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

async function summaryOf(file: string, edit?: (data: any) => void): Promise<{ summary: Summary; scenario: ReturnType<typeof loadScenario>['scenario'] }> {
  const { scenario } = loadScenario(join(ROOT, file), edit);
  return { summary: await runScenario(scenario), scenario };
}

/** A hand-made series: a step at window 5, an outage in window 7 (exact values, to check what the page draws). */
function handMadeSeries(): SeriesSummary {
  const n = 12;
  const idx = Array.from({ length: n }, (_, i) => i);
  return {
    windowSeconds: 10,
    startSeconds: idx.map((i) => 100 + 10 * i),
    secondOfDay: idx.map((i) => 8 * 3600 + 100 + 10 * i),
    values: {
      'requests.total': idx.map((i) => (i < 5 ? 500 : 1500)),
      'requests.ok': idx.map((i) => (i === 7 ? 0 : i < 5 ? 500 : 1500)),
      'requests.failedBy.refused': idx.map((i) => (i === 7 ? 1500 : 0)),
      'latencyMs.p99': idx.map((i) => (i === 7 ? null : 20 + i)),
      'tiers.station.utilisation': idx.map((i) => (i < 5 ? 0.25 : 0.75)),
    },
    endSeconds: 100 + 10 * n,
    arrivals: idx.map((i) => (i < 5 ? 500 : 1500)),
    throughputPerSecond: idx.map((i) => (i < 5 ? 50 : 150)),
    marks: [],
  };
}

describe('report tables (CSV)', () => {
  it('every table parses back with csv-parse, header first, one row per record, and its columns are documented', async () => {
    const { summary, scenario } = await summaryOf('scenarios/erp-ha-drp.master-dies.json');
    summary.series = handMadeSeries();
    const docs = readFileSync(join(ROOT, 'docs', 'reports.md'), 'utf8');
    const tables = reportTables(summary, topologyOf(scenario));
    expect(tables.map((t) => t.file)).toEqual(
      expect.arrayContaining(['series.csv', 'tiers.csv', 'servers.csv', 'links.csv', 'databases.csv', 'incidents.csv', 'autoscaling-timeline.csv', 'cost-items.csv', 'slo.csv']),
    );
    for (const t of tables) {
      const rows = parse(csvText(t)) as string[][];
      expect(rows[0]).toEqual(t.columns);
      expect(rows.length - 1).toBe(t.rows.length);
      expect(docs, `docs/reports.md documents ${t.file}`).toContain(`\`${t.file}\``);
      // Series columns are metric paths (documented as a rule); the cost columns carry the scenario's currency (EUR in the docs).
      const documented = t.file === 'series.csv' ? t.columns.slice(0, 2) : t.columns.map((c) => c.replace(/\[[A-Z]*\]$/, '[EUR]'));
      for (const c of documented) expect(docs, `docs/reports.md documents ${t.file}: ${c}`).toContain(`\`${c}\``);
    }
    const incidents = parse(csvText(tables.find((t) => t.file === 'incidents.csv')!), { columns: true }) as Array<Record<string, string>>;
    expect(incidents.length).toBe(summary.incidents.length);
    expect(Number(incidents[1]!['rto [s]'])).toBe(summary.incidents[1]!.rtoSeconds);
    const series = parse(csvText(tables.find((t) => t.file === 'series.csv')!), { columns: true }) as Array<Record<string, string>>;
    expect(series[0]!['time_of_day']).toBe('08:01:40');
    expect(series[7]!['latencyMs.p99 [ms]']).toBe('');
    expect(Number(series[5]!['requests.total [req]'])).toBe(1500);
  });

  it('the directory is written whole: an interrupted write leaves the previous report, a wrong path deletes nothing', async () => {
    const { summary, scenario } = await summaryOf('test/fixtures/mm1-small.json');
    const base = mkdtempSync(join(tmpdir(), 'report-'));
    const dir = join(base, 'out');
    writeReportDir(dir, summary, topologyOf(scenario));
    expect(readdirSync(dir).sort()).toContain('report.html');
    const first = readFileSync(join(dir, 'summary.json'), 'utf8');
    // A write that fails half-way (a topology that cannot be drawn) leaves the old report as it was, and no staging directory.
    expect(() => writeReportDir(dir, summary, { sites: ['a'], links: [], tiers: null as never })).toThrow();
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(first);
    expect(readdirSync(base)).toEqual(['out']);
    // A directory with other files in it is not a report: refused, untouched.
    const mine = join(base, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'thesis.tex'), 'precious');
    expect(() => writeReportDir(mine, summary, topologyOf(scenario))).toThrow(/not replacing/);
    expect(readFileSync(join(mine, 'thesis.tex'), 'utf8')).toBe('precious');
  });
});

describe('report escaping', () => {
  it('scenario text is HTML text, and embedded JSON cannot close its script element', () => {
    expect(escapeHtml(HOSTILE)).not.toMatch(/[<>"]/);
    expect(jsonForScript({ x: '</script><script>alert(1)</script>' })).not.toContain('</script>');
    expect(JSON.parse(jsonForScript({ x: '</script>' }))).toEqual({ x: '</script>' });
    const svg = topologySvg({ sites: ['A&B'], links: [], tiers: [{ name: 'w<eb>', balancer: 'round-robin', serversBySite: [2], replication: null, masterSite: null }] });
    expect(svg).toContain('w&lt;eb&gt; × 2');
    expect(svg).toContain('A&amp;B');
  });

  it('charts come from the series that have data', () => {
    const charts = chartsOf(handMadeSeries());
    expect(charts.map((c) => c.title)).toEqual(['Requests and throughput', 'Errors by reason', 'Latency', 'Tier utilisation']);
    expect(charts[0]!.lines[0]!.scale).toBeCloseTo(0.1);
  });
});

describe('report.html in headless Chromium', () => {
  const enabled = chromiumAvailable();
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (enabled) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** Open a report; collect console errors, page errors and every request other than the file itself. */
  async function open(file: string, screenshot?: string) {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    const url = pathToFileURL(file).href;
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    await page.goto(url);
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 20_000 });
    const charts = await page.$$eval('.chart', (els) => els.map((e) => ({ title: e.getAttribute('data-title'), points: Number(e.getAttribute('data-points') ?? 0), canvas: e.querySelector('canvas') !== null })));
    const incidentRows = await page.$$eval('table.incidents tr.incident', (rows) => rows.length);
    const pwned = await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned ?? 0);
    const text = await page.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText);
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    await page.close();
    return { errors, requests, charts, incidentRows, pwned, text };
  }

  it.runIf(enabled)('a hand-made report: every chart drawn with its points, the hostile description shown as text, nothing fetched', async () => {
    const { summary, scenario } = await summaryOf('scenarios/erp-ha-drp.master-dies.json', (d: any) => {
      d.incidents[0].description = HOSTILE;
    });
    summary.series = handMadeSeries();
    const dir = mkdtempSync(join(tmpdir(), 'report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, reportHtml([{ label: summary.scenario, summary, topology: topologyOf(scenario) }]));
    const r = await open(file);
    expect(r.errors).toEqual([]);
    expect(r.requests).toEqual([]);
    expect(r.pwned).toBe(0);
    expect(r.text).toContain(HOSTILE);
    expect(r.charts.length).toBe(4);
    // 12 + 12 points (requests, ok); 12 of refused; 11 of p99 (window 7 has none); 12 of utilisation.
    expect(r.charts.map((c) => c.points)).toEqual([24, 12, 11, 12]);
    expect(r.charts.every((c) => c.canvas)).toBe(true);
    expect(r.incidentRows).toBe(summary.incidents.length);
  }, 60_000);

  it.runIf(enabled)('simulate --out DIR: the sofoot and ERP failover reports render, with a screenshot under reports/', async () => {
    const out = mkdtempSync(join(tmpdir(), 'report-'));
    for (const [name, extra] of [
      ['sofoot-worldcup', ['--duration', '10min']],
      ['erp-ha-drp.master-dies', []],
    ] as const) {
      const dir = join(out, name);
      const cli = simulate(`scenarios/${name}.json`, '--out', dir, '--quiet', ...extra);
      expect(cli.stderr).not.toMatch(/not written|internal error/);
      expect(existsSync(join(dir, 'report.html'))).toBe(true);
      const r = await open(join(dir, 'report.html'), join(ROOT, 'reports', `${name}-report.png`));
      expect(r.errors).toEqual([]);
      expect(r.requests).toEqual([]);
      expect(r.charts.length).toBeGreaterThanOrEqual(4);
      for (const c of r.charts) expect(c.points, `${name}: chart ${c.title}`).toBeGreaterThan(0);
      const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
      expect(r.incidentRows).toBe(summary.incidents.length);
    }
  }, 180_000);

  it.runIf(enabled)('a 30-day run: the report stays under a few MB and renders within the time limit', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'report-')), 'month');
    const cli = simulate('test/fixtures/mmc-long.json', '--duration', '30d', '--out', dir, '--quiet');
    expect(cli.stderr).not.toMatch(/not written|internal error/);
    const html = join(dir, 'report.html');
    const bytes = readFileSync(html).length;
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
    const started = Date.now();
    const r = await open(html);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.errors).toEqual([]);
    expect(r.requests).toEqual([]);
    // 2,880 windows of 15 min: every chart has its points.
    for (const c of r.charts) expect(c.points, c.title ?? '').toBeGreaterThanOrEqual(2880);
  }, 240_000);
});
