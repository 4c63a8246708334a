/**
 * The unit of each summary figure, read from its name (the project writes
 * units in names: `latencyMs`, `rpoSeconds`, `instanceHours`) with a few
 * rules for the names that carry none (`availability`, counts, prices).
 * The metric catalogue gives every path a unit from here, and an SLO's
 * threshold is converted into it ("< 2s" on a `…Ms` figure is 2000).
 */

/**
 * ms, s, h: durations; ratio: a fraction 0..1 (thresholds may be written in
 * %); count: requests, writes, events, instances; perSecond: a rate;
 * currency: the scenario's `cost.currency`; GB: 10⁹ bytes.
 */
export type MetricUnit = 'ms' | 's' | 'h' | 'ratio' | 'count' | 'perSecond' | 'currency' | 'GB';

export interface MetricEntry {
  /** Dotted path with placeholders for the names a scenario chooses: `classes.<class>.latencyMs.p99`. */
  path: string;
  unit: MetricUnit;
  /** In the whole-run summary. */
  whole: boolean;
  /** Has a per-window series (a window SLO may name it). */
  window: boolean;
}

/** Trailing segments that aggregate a figure without changing its unit. */
const AGGREGATES = /^(mean|min|max|sum|p50|p90|p95|p99|p999|halfWidth95)$/;

/** First match wins; each is tried on the figure's own name (aggregates stripped), then on the whole path. */
const NAME_RULES: ReadonlyArray<[RegExp, MetricUnit]> = [
  [/Ms$/, 'ms'],
  [/Seconds$/, 's'],
  [/Hours(HalfWidth95)?$/, 'h'],
  [/GB$/, 'GB'],
  [/PerSecond$/, 'perSecond'],
  [/^(availability|utilisation|failedRatio|time)$/, 'ratio'],
  [/^(total|totalHalfWidth95)$/, 'count'],
  [
    /^(ok|failed|served|rejected|writes|writesLost|requestsFailed|meanQueued|maxQueued|inFlightAtEnd|emitted|perReplication|listed|haRestarts|count|notPromoted|scaleOuts|scaleIns|lostAtPowerOff|minServing|maxServing|meanServing|serving|provisioning|draining|from|to|timelineOmitted|restorePointsAvailable|events|replications|built|inSystemAtEnd|unstableReplications|quarterMeans)$/,
    'count',
  ],
];

/** Rules on the whole path, tried before the name rules (a price is a `total` too). */
const PATH_RULES: ReadonlyArray<[RegExp, MetricUnit]> = [
  [/^cost\.(run|monthlyProjection)\./, 'currency'],
  [/^requests\.failedBy\./, 'count'],
  [/^availability\.(requests|time)(CI95)?(\.|$)/, 'ratio'],
  [/(^|\.)latencyMs\./, 'ms'],
];

/** The unit of a catalogue path, or undefined when no rule knows it (the catalogue generator then fails, naming it). */
export function unitOfPath(path: string): MetricUnit | undefined {
  for (const [re, unit] of PATH_RULES) if (re.test(path)) return unit;
  const segments = path.split('.');
  while (segments.length > 1 && AGGREGATES.test(segments[segments.length - 1]!)) segments.pop();
  const name = segments[segments.length - 1]!.replace(/CI95$/, '');
  for (const [re, unit] of NAME_RULES) if (re.test(name)) return unit;
  return undefined;
}

/** How a unit reads in tables and messages. */
export const UNIT_LABEL: Record<MetricUnit, string> = {
  ms: 'ms',
  s: 's',
  h: 'h',
  ratio: 'ratio (0–1, or %)',
  count: 'count',
  perSecond: '/s',
  currency: 'currency',
  GB: 'GB',
};

function sig(x: number, digits = 4): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 10 ** digits) return Math.round(x).toLocaleString('en-US');
  return Number(x.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 12 });
}

/** A figure as people read it, in its unit: "812 ms", "99.93%", "1,234 EUR". */
export function formatMetric(value: number | null, unit: MetricUnit | undefined, currency = ''): string {
  if (value === null || !Number.isFinite(value)) return 'nothing';
  switch (unit) {
    case 'ms':
    case 's':
    case 'h':
      return `${sig(value)} ${unit}`;
    case 'ratio':
      return `${sig(value * 100, 6)}%`;
    case 'perSecond':
      return `${sig(value)}/s`;
    case 'currency':
      return `${sig(value, 6)}${currency ? ` ${currency}` : ''}`;
    case 'GB':
      return `${sig(value)} GB`;
    default:
      return sig(value, 6);
  }
}
