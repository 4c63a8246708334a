/** The summary's `slo` section: each objective of the scenario checked against the value the summary reports. */
import type { SloRule } from '../../scenario/resolved.js';
import type { SloVerdict, Summary } from './types.js';

/** Read a dotted path ("latencyMs.p99") from the summary. */
export function metricValue(summary: Summary, metric: string): number | null {
  let v: unknown = summary;
  for (const key of metric.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' ? v : null;
}

function check(rule: SloRule, value: number | null): boolean {
  if (value === null) return false;
  switch (rule.op) {
    case '<':
      return value < rule.threshold;
    case '<=':
      return value <= rule.threshold;
    case '>':
      return value > rule.threshold;
    case '>=':
      return value >= rule.threshold;
  }
}

export function sloSection(rules: readonly SloRule[], summary: Summary): SloVerdict[] {
  return rules.map((rule) => {
    const value = metricValue(summary, rule.metric);
    return { objective: rule.text, value, ok: check(rule, value) };
  });
}
