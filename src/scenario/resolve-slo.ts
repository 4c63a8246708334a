/**
 * The scenario's `slo`: each objective read with the SLO grammar
 * (slo-grammar.ts), its metric looked up in the catalogue with the
 * scenario's names, its threshold converted into the metric's unit.
 * Two forms: a map `{ "latencyMs.p99": "< 1s" }` (metric → comparison) and
 * a list of expressions `["classes.page.latencyMs.p99 < 2s"]`.
 */
import type { Collector, Path } from './collector.js';
import type { ResolvedCost } from './resolved-elastic.js';
import type { ResolvedScenario, ResolvedTier, SloRule } from './resolved.js';
import type { ScenarioParsed } from './schema.js';
import { parseSloComparison, parseSloExpression, type ParsedSlo, type SloSyntaxError } from './slo-grammar.js';
import { sloRuleOf, type MetricNames } from './slo-metrics.js';

/** The names the summary will use at each placeholder of the catalogue. */
export function sloNamesOf(
  classes: readonly string[],
  sites: readonly string[],
  tiers: readonly ResolvedTier[],
  cost: ResolvedCost | undefined,
): MetricNames {
  const elastic = tiers.some((t) => t.autoscaling !== undefined);
  const databases = tiers.filter((t) => t.database !== undefined).map((t) => t.name);
  return {
    names: {
      class: classes,
      // The summary breaks requests down by entry site only when there are several.
      site: sites.length > 1 ? sites : [],
      tier: tiers.map((t) => t.name),
      'autoscaling.tier': tiers.filter((t) => t.autoscaling !== undefined).map((t) => t.name),
      database: databases,
      // Elastic tiers name their instances at run time: any server name is accepted then.
      ...(elastic ? {} : { server: tiers.flatMap((t) => t.servers.map((s) => s.name)) }),
      // Only servers with a network card have `network.cards.<server>` figures.
      'network.server': tiers.flatMap((t) => t.servers.filter((s) => s.nicBps !== undefined).map((s) => s.name)),
    },
    ...(cost ? { currency: cost.currency } : {}),
  };
}

/** The names of a resolved scenario (for `--slo` and `simulate metrics`). */
export function sloNamesOfScenario(s: ResolvedScenario): MetricNames {
  return sloNamesOf(
    s.classes.map((c) => c.name),
    s.sites,
    s.tiers,
    s.cost,
  );
}

/** One objective's text → its rule, or the problem (for the CLI's `--slo` as for the scenario). */
export function sloRuleFromText(text: string, names: MetricNames): SloRule | SloSyntaxError {
  const parsed = parseSloExpression(text);
  return 'error' in parsed ? parsed : sloRuleOf(parsed, names);
}

function add(c: Collector, path: Path, written: string, parsed: ParsedSlo | SloSyntaxError, names: MetricNames, rules: SloRule[]): void {
  const rule = 'error' in parsed ? parsed : sloRuleOf(parsed, names);
  if ('error' in rule) c.error(path, `${JSON.stringify(written)}: ${rule.error}`, rule.suggestion);
  else rules.push(rule);
}

export function resolveSlo(c: Collector, slo: ScenarioParsed['slo'], names: MetricNames): SloRule[] {
  const rules: SloRule[] = [];
  if (Array.isArray(slo)) slo.forEach((text, i) => add(c, ['slo', i], text, parseSloExpression(text), names, rules));
  else for (const [metric, comparison] of Object.entries(slo ?? {})) add(c, ['slo', metric], `${metric} ${comparison}`, parseSloComparison(metric, comparison), names, rules);
  return rules;
}
