/**
 * The metric catalogue: every figure of the summary by one dotted path,
 * with its unit. It is generated, not typed: `catalogueFrom` walks real
 * summaries (the committed scenarios' golden summaries and a two-replication
 * run, see src/run/write-metrics.ts) and the per-window metric patterns, and
 * writes src/scenario/metric-catalogue.generated.ts and the table in
 * docs/metrics.md; test/metric-catalogue.test.ts keeps both in sync.
 *
 * Names a scenario chooses become placeholders: `classes.<class>.latencyMs.p99`.
 * A list of records (`incidents`) becomes `incidents.count` and, for each
 * numeric field, `incidents.<field>.min|max|mean|sum`.
 */
import { unitOfPath, type MetricEntry } from './metric-units.js';

/** Objects whose keys are names from the scenario (container path → placeholder). */
export const MAP_CONTAINERS: Readonly<Record<string, string>> = {
  classes: 'class',
  sites: 'site',
  tiers: 'tier',
  'tiers.<tier>.servers': 'server',
  databases: 'database',
  'databases.<database>.slaves': 'server',
  autoscaling: 'tier',
  'cost.run.byItem': 'item',
  'cost.run.byTier': 'tier',
  'cost.monthlyProjection.byItem': 'item',
  'cost.monthlyProjection.byTier': 'tier',
  'requests.failedBy': 'reason',
  'network.links': 'link',
  'network.links.<link>': 'direction',
  'network.cards': 'server',
  'network.access': 'site',
};

/** Not figures: identity, wall-clock, the verdicts themselves, logs; and the stability verdict's tier and its figures (null when stable: gate on `stability.tiers.<tier>.growthPerSecond`). */
const EXCLUDED = /^(scenario|file|seed|slo|series|performance|acrossReplications)(\.|$)|^autoscaling\.<tier>\.timeline(\.|$)|^stability\.(tier|growthPerSecond|inSystemAtEnd)$/;

export const LIST_AGGREGATES = ['min', 'max', 'mean', 'sum'] as const;

/** `out`: numbers or null; `other`: paths seen as something else (a boolean, a name, an object), so not figures. */
function walk(v: unknown, path: string, out: Set<string>, other: Set<string>): void {
  if (EXCLUDED.test(path)) return;
  if (typeof v === 'number' || v === null) {
    if (path !== '') out.add(path);
    return;
  }
  other.add(path);
  if (Array.isArray(v)) {
    if (v.length === 0 || v.some((x) => x !== null && typeof x === 'object' && !Array.isArray(x))) out.add(`${path}.count`);
    for (const item of v) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
      for (const [k, x] of Object.entries(item as Record<string, unknown>)) {
        if (typeof x === 'number') for (const a of LIST_AGGREGATES) out.add(`${path}.${k}.${a}`);
      }
    }
    return;
  }
  if (typeof v !== 'object') return;
  const placeholder = MAP_CONTAINERS[path];
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    // Keys of a fixed set (failure reasons) stay literal in the whole-run list; scenario names become placeholders.
    const seg = placeholder !== undefined && placeholder !== 'reason' ? `<${placeholder}>` : k;
    walk(x, path === '' ? seg : `${path}.${seg}`, out, other);
  }
}

/** A leaf seen as null in every summary but known to be an interval ({mean, halfWidth95}) when there are replications. */
function expandNullIntervals(paths: Set<string>): void {
  for (const p of [...paths]) {
    if (!p.endsWith('CI95')) continue;
    paths.delete(p);
    paths.add(`${p}.mean`);
    paths.add(`${p}.halfWidth95`);
  }
}

/**
 * Per-window metric patterns (regular expressions over a path, `[^.]+` for a
 * name, `(a|b)` for alternatives) → catalogue paths.
 */
export function templatesOfPattern(source: string): string[] {
  const body = source.replace(/^\^/, '').replace(/\$$/, '');
  let prefixes = [''];
  for (const part of body.split('\\.')) {
    let choices: string[];
    if (part === '[^.]+') {
      const container = prefixes[0]!;
      const ph = MAP_CONTAINERS[container];
      if (ph === undefined) throw new Error(`window pattern ${source}: no placeholder for a name under "${container}" (add it to MAP_CONTAINERS)`);
      choices = [`<${ph}>`];
    } else if (/^\([A-Za-z0-9|]+\)$/.test(part)) choices = part.slice(1, -1).split('|');
    else if (/^[A-Za-z0-9]+$/.test(part)) choices = [part];
    else throw new Error(`window pattern ${source}: cannot read "${part}" (write literal names, [^.]+ or (a|b))`);
    prefixes = prefixes.flatMap((p) => choices.map((c) => (p === '' ? c : `${p}.${c}`)));
  }
  return prefixes;
}

/** Sort so that sections stay together in the order the summary has them. */
function sectionOrder(paths: string[], firstSeen: string[]): string[] {
  const rank = (p: string): number => {
    const i = firstSeen.findIndex((s) => p === s || p.startsWith(`${s}.`));
    return i < 0 ? firstSeen.length : i;
  };
  return [...paths].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

export function catalogueFrom(summaries: readonly unknown[], windowTemplates: readonly string[]): MetricEntry[] {
  const whole = new Set<string>();
  const other = new Set<string>();
  const sections: string[] = [];
  for (const s of summaries) {
    walk(s, '', whole, other);
    if (s !== null && typeof s === 'object') for (const k of Object.keys(s)) if (!sections.includes(k)) sections.push(k);
  }
  for (const p of other) whole.delete(p);
  expandNullIntervals(whole);
  const window = new Set(windowTemplates);
  const all = sectionOrder([...new Set([...whole, ...window])], sections);
  return all.map((path) => {
    const unit = unitOfPath(path);
    if (unit === undefined) throw new Error(`metric ${path} has no unit: add a rule in src/scenario/metric-units.ts (or name the field with its unit)`);
    return {
      path,
      unit,
      whole: whole.has(path) || [...whole].some((w) => matchesTemplate(w, path)),
      window: [...window].some((t) => t === path || matchesTemplate(path, t)),
    };
  });
}

/** Whether a whole-run path with literal reasons (`requests.failedBy.rejected`) is an instance of a window template (`requests.failedBy.<reason>`). */
function matchesTemplate(path: string, template: string): boolean {
  const a = path.split('.');
  const b = template.split('.');
  return a.length === b.length && b.every((seg, i) => seg === a[i] || (seg.startsWith('<') && !a[i]!.startsWith('<')));
}

/** The generated module (src/scenario/metric-catalogue.generated.ts). */
export function catalogueModule(entries: readonly MetricEntry[]): string {
  const lines = entries.map((e) => `  { path: ${JSON.stringify(e.path)}, unit: '${e.unit}', whole: ${e.whole}, window: ${e.window} },`);
  return [
    '// Generated by `npm run build && npm run metrics` (src/run/write-metrics.ts) from real summaries. Do not edit:',
    '// test/metric-catalogue.test.ts fails when it is out of date.',
    "import type { MetricEntry } from './metric-units.js';",
    '',
    'export const METRIC_CATALOGUE: readonly MetricEntry[] = [',
    ...lines,
    '];',
    '',
  ].join('\n');
}

export const DOCS_BEGIN = '<!-- metrics:begin (generated by `npm run metrics`; do not edit) -->';
export const DOCS_END = '<!-- metrics:end -->';

/** The table between the markers of docs/metrics.md. */
export function catalogueMarkdown(entries: readonly MetricEntry[]): string {
  const rows = entries.map((e) => `| \`${e.path}\` | ${e.unit} | ${e.whole ? 'yes' : ''} | ${e.window ? 'yes' : ''} |`);
  return [DOCS_BEGIN, '', '| path | unit | whole run | per window |', '| --- | --- | --- | --- |', ...rows, '', DOCS_END].join('\n');
}
