/**
 * SLO metrics: which summary paths an objective may name (the generated
 * metric catalogue, with the scenario's own names at the placeholders), the
 * nearest name when it names none, and the threshold converted into the
 * metric's unit.
 */
import { editDistance } from './did-you-mean.js';
import { METRIC_CATALOGUE } from './metric-catalogue.generated.js';
import type { MetricEntry, MetricUnit } from './metric-units.js';
import type { SloRule } from './resolved.js';
import type { ParsedSlo, SloSyntaxError } from './slo-grammar.js';
import { parseDuration, parseRate, parseSize, UnitError } from './units.js';

/**
 * The names a scenario gives, by placeholder ("tier"), or by section and
 * placeholder ("autoscaling.tier": only the elastic tiers) which wins; a
 * placeholder without a list takes any name.
 */
export interface MetricNames {
  names: Partial<Record<string, readonly string[]>>;
  /** The scenario's price currency, when it gives prices. */
  currency?: string;
}

function namesAt(entry: MetricEntry, placeholder: string, names: MetricNames): readonly string[] | undefined {
  const ph = placeholder.slice(1, -1);
  return names.names[`${entry.path.split('.')[0]}.${ph}`] ?? names.names[ph];
}

function segmentMatches(seg: string, template: string, entry: MetricEntry, names: MetricNames): boolean {
  if (!template.startsWith('<')) return seg === template;
  if (seg === '*') return true;
  const known = namesAt(entry, template, names);
  return known === undefined || known.includes(seg);
}

export function matchesEntry(path: string, entry: MetricEntry, names: MetricNames): boolean {
  const a = path.split('.');
  const b = entry.path.split('.');
  return a.length === b.length && b.every((t, i) => segmentMatches(a[i]!, t, entry, names));
}

/** Every catalogue path with the scenario's names filled in (placeholders without a list stay). */
export function instantiate(entries: readonly MetricEntry[], names: MetricNames): Array<{ path: string; entry: MetricEntry }> {
  const out: Array<{ path: string; entry: MetricEntry }> = [];
  for (const entry of entries) {
    let paths = [''];
    for (const t of entry.path.split('.')) {
      const known = t.startsWith('<') ? namesAt(entry, t, names) : undefined;
      const choices = known ?? [t];
      paths = paths.flatMap((p) => choices.map((c) => (p === '' ? c : `${p}.${c}`)));
    }
    for (const path of paths) out.push({ path, entry });
  }
  return out;
}

function nearest(path: string, candidates: ReadonlyArray<{ path: string }>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    // The distance is at least the difference in length: skip the quadratic distance of a candidate that cannot
    // be nearer (a class named with 100,000 characters makes every path of that class that long).
    if (Math.abs(c.path.length - path.length) >= bestD) continue;
    const d = editDistance(path, c.path);
    if (d < bestD) {
      bestD = d;
      best = c.path;
    }
  }
  return best;
}

/** The catalogue entry an objective names, or the nearest name. */
export function findMetric(metric: string, windowed: boolean, names: MetricNames): MetricEntry | SloSyntaxError {
  const hits = METRIC_CATALOGUE.filter((e) => matchesEntry(metric, e, names));
  const usable = hits.find((e) => (windowed ? e.window : e.whole));
  if (usable) return usable;
  if (hits.length > 0 && windowed) {
    const guess = nearest(metric, instantiate(METRIC_CATALOGUE.filter((e) => e.window), names));
    return { error: `"${metric}" has no per-window series, so it cannot hold "in every … window"`, suggestion: `per-window metrics are listed in docs/metrics.md${guess ? `; the nearest is "${guess}"` : ''}` };
  }
  if (hits.length > 0) return { error: `"${metric}" exists per window only`, suggestion: `add a window, e.g. "${metric} < … in every 1min window"` };
  const pool = instantiate(METRIC_CATALOGUE.filter((e) => (windowed ? e.window : e.whole)), names);
  const guess = nearest(metric, pool);
  return { error: `unknown SLO metric "${metric}"`, suggestion: `${guess ? `did you mean "${guess}"? ` : ''}(\`simulate metrics <scenario>\` lists them)` };
}

const CURRENCY_SIGNS: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP' };

function describe(unit: MetricUnit): string {
  switch (unit) {
    case 'ms':
    case 's':
    case 'h':
      return `a duration in ${unit} (write "500ms", "2s", "24h", or a bare number in ${unit})`;
    case 'ratio':
      return 'a ratio (write "99.95%" or 0.9995)';
    case 'count':
      return 'a count (a bare number)';
    case 'perSecond':
      return 'a rate (write "100/s", "6000/min", or a bare number per second)';
    case 'currency':
      return 'an amount of money (write "1500EUR" or a bare number)';
    case 'GB':
      return 'a size (write "50GB", or a bare number of GB)';
  }
}

/** The threshold in the metric's unit. */
export function convertThreshold(p: ParsedSlo, unit: MetricUnit, names: MetricNames): number | SloSyntaxError {
  if (p.unitText === '') {
    if (unit === 'ratio' && Math.abs(p.number) > 1) return { error: `a ratio is between 0 and 1, got ${p.thresholdText}`, suggestion: `did you mean "${p.thresholdText}%"?` };
    return p.number;
  }
  const bad = (why?: string): SloSyntaxError => ({ error: `"${p.thresholdText}" does not fit ${p.metric}: expected ${describe(unit)}${why ? `; ${why}` : ''}` });
  switch (unit) {
    case 'ms':
    case 's':
    case 'h': {
      if (p.unitText === '%') return bad('a percentage is for ratios');
      const seconds = parseDuration(p.thresholdText);
      if (seconds instanceof UnitError) return bad(seconds.suggestion);
      return unit === 'ms' ? seconds * 1000 : unit === 'h' ? seconds / 3600 : seconds;
    }
    case 'ratio':
      if (p.unitText !== '%') return bad();
      if (Math.abs(p.number) > 100) return bad('a percentage is at most 100%');
      return p.number / 100;
    case 'count':
      return bad();
    case 'perSecond': {
      const rate = parseRate(p.thresholdText);
      return rate instanceof UnitError ? bad() : rate;
    }
    case 'GB': {
      const bytes = parseSize(p.thresholdText);
      return bytes instanceof UnitError ? bad() : bytes / 1e9;
    }
    case 'currency': {
      const code = CURRENCY_SIGNS[p.unitText] ?? p.unitText;
      if (!/^[A-Z]{3}$/.test(code)) return bad();
      if (names.currency !== undefined && code !== names.currency) {
        return { error: `"${p.thresholdText}" is in ${code} but the scenario's prices are in ${names.currency}`, suggestion: `write the threshold in ${names.currency}` };
      }
      return p.number;
    }
  }
}

/** A parsed objective → the rule the run checks, or what is wrong with it. */
export function sloRuleOf(p: ParsedSlo, names: MetricNames): SloRule | SloSyntaxError {
  const entry = findMetric(p.metric, p.window !== undefined, names);
  if ('error' in entry) return entry;
  if (entry.unit === 'currency' && names.currency === undefined) {
    return { error: `"${p.metric}" needs prices, and the scenario gives none`, suggestion: 'add a "cost" section or price the servers' };
  }
  const threshold = convertThreshold(p, entry.unit, names);
  if (typeof threshold !== 'number') return threshold;
  return {
    metric: p.metric,
    op: p.op,
    threshold,
    unit: entry.unit,
    text: `${p.metric} ${p.op} ${p.thresholdText}${p.windowText ? ` ${p.windowText}` : ''}`,
    ...(p.window ? { window: p.window } : {}),
  };
}
