/**
 * `npm run metrics`: regenerate the metric catalogue
 * (src/scenario/metric-catalogue.generated.ts and the table in
 * docs/metrics.md) from the summaries the code produces: the committed
 * scenarios' golden summaries (test/golden, which the golden test keeps equal
 * to what the code outputs) and the per-window metric patterns.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogueFrom, catalogueMarkdown, catalogueModule, DOCS_BEGIN, DOCS_END, templatesOfPattern } from '../scenario/metric-catalogue.js';
import type { MetricEntry } from '../scenario/metric-units.js';
import { WINDOW_METRIC_PATTERNS } from './summary/series-types.js';

export const CATALOGUE_MODULE = join('src', 'scenario', 'metric-catalogue.generated.ts');
export const METRICS_DOC = join('docs', 'metrics.md');

export function buildCatalogue(root: string): MetricEntry[] {
  const dir = join(root, 'test', 'golden');
  const summaries = readdirSync(dir)
    .filter((f) => f.endsWith('.summary.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown);
  return catalogueFrom(summaries, WINDOW_METRIC_PATTERNS.flatMap((p) => templatesOfPattern(p.source)));
}

/** docs/metrics.md with its generated table replaced. */
export function docsWithTable(doc: string, entries: readonly MetricEntry[]): string {
  const begin = doc.indexOf(DOCS_BEGIN);
  const end = doc.indexOf(DOCS_END);
  if (begin < 0 || end < begin) throw new Error(`${METRICS_DOC}: the markers ${DOCS_BEGIN} … ${DOCS_END} are missing`);
  return doc.slice(0, begin) + catalogueMarkdown(entries) + doc.slice(end + DOCS_END.length);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const entries = buildCatalogue(root);
  writeFileSync(join(root, CATALOGUE_MODULE), catalogueModule(entries));
  const doc = join(root, METRICS_DOC);
  writeFileSync(doc, docsWithTable(readFileSync(doc, 'utf8'), entries));
  process.stdout.write(`${entries.length} metrics → ${CATALOGUE_MODULE}, ${METRICS_DOC}\n`);
}
