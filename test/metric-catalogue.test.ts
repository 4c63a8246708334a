/**
 * The metric catalogue is generated from the summaries the code produces
 * (the committed scenarios' golden summaries) and the per-window metric
 * list: the generated module and the table in docs/metrics.md must be what
 * the generator writes now (`npm run build && npm run metrics` regenerates
 * them), every path has a unit, and every whole-run path reads a value on
 * some golden summary.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalogue, CATALOGUE_MODULE, docsWithTable, METRICS_DOC } from '../src/run/write-metrics.js';
import { metricReadings } from '../src/run/summary/metric-read.js';
import { catalogueFrom, catalogueModule, templatesOfPattern } from '../src/scenario/metric-catalogue.js';
import { METRIC_CATALOGUE } from '../src/scenario/metric-catalogue.generated.js';
import { unitOfPath } from '../src/scenario/metric-units.js';
import { ROOT, simulate } from './support/cli.js';

const entries = buildCatalogue(ROOT);

describe('metric catalogue', () => {
  it('the generated module is up to date (npm run build && npm run metrics)', () => {
    expect(readFileSync(join(ROOT, CATALOGUE_MODULE), 'utf8')).toBe(catalogueModule(entries));
    expect(METRIC_CATALOGUE).toEqual(entries);
  });

  it('docs/metrics.md lists exactly the generated table', () => {
    const doc = readFileSync(join(ROOT, METRICS_DOC), 'utf8');
    expect(doc).toBe(docsWithTable(doc, entries));
  });

  it('names the figures the issue asks for, each with its unit', () => {
    const byPath = new Map(entries.map((e) => [e.path, e]));
    const expected: Array<[string, string]> = [
      ['classes.<class>.latencyMs.p99', 'ms'],
      ['tiers.<tier>.utilisation', 'ratio'],
      ['databases.<database>.slaves.<server>.lagMs.p99', 'ms'],
      ['incidents.rtoSeconds.max', 's'],
      ['incidents.rpoSeconds.max', 's'],
      ['requests.failedBy.rejected', 'count'],
      ['cost.monthlyProjection.total', 'currency'],
      ['autoscaling.<tier>.maxServing', 'count'],
      ['availability.requests', 'ratio'],
      ['latencyMs.p99CI95.halfWidth95', 'ms'],
    ];
    for (const [path, unit] of expected) expect(byPath.get(path)?.unit, path).toBe(unit);
    expect(byPath.get('latencyMs.p99')).toMatchObject({ whole: true, window: true });
    expect(byPath.get('autoscaling.<tier>.serving')).toMatchObject({ whole: false, window: true });
  });

  it('a new field appears when regenerated, and one without a unit stops the generator', () => {
    const base = { requests: { total: 3, failedBy: { rejected: 1, unfinished: 2 } }, stability: { backlogSeconds: 4 } };
    const paths = catalogueFrom([base], []).map((e) => `${e.path}:${e.unit}`);
    expect(paths).toEqual(['requests.failedBy.rejected:count', 'requests.failedBy.unfinished:count', 'requests.total:count', 'stability.backlogSeconds:s']);
    expect(() => catalogueFrom([{ stability: { verdict2: 1 } }], [])).toThrow(/stability\.verdict2 has no unit/);
    expect(unitOfPath('tiers.<tier>.servers.<server>.utilisation')).toBe('ratio');
  });

  it('reads per-window patterns as paths', () => {
    expect(templatesOfPattern('^classes\\.[^.]+\\.latencyMs\\.(p50|p99)$')).toEqual(['classes.<class>.latencyMs.p50', 'classes.<class>.latencyMs.p99']);
    expect(() => templatesOfPattern('^foo\\.[^.]+$')).toThrow(/no placeholder/);
  });

  it('every whole-run path reads a value on a golden summary (names filled in)', () => {
    const dir = join(ROOT, 'test', 'golden');
    const goldens = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown);
    for (const e of entries.filter((x) => x.whole && !/CI95|HalfWidth95|halfWidth95/.test(x.path))) {
      const path = e.path.replace(/<[a-z]+>/g, '*');
      const found = goldens.some((g) => metricReadings(g, path).some((r) => r.value !== null || r.empty === true));
      expect(found, path).toBe(true);
    }
  });

  it('`simulate metrics` prints the catalogue, and a scenario\'s own paths', () => {
    const all = simulate('metrics');
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^classes\.<class>\.latencyMs\.p99 +ms +whole run  per window$/m);
    const own = simulate('metrics', 'scenarios/sofoot-worldcup.json');
    expect(own.code).toBe(0);
    expect(own.stdout).toMatch(/^tiers\.web\.utilisation +ratio/m);
    expect(own.stdout).toMatch(/^cost\.monthlyProjection\.total +currency/m);
    expect(own.stdout).not.toContain('<tier>');
  });
});
