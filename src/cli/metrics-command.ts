/** `simulate metrics [scenario]`: the metric catalogue, or the paths of one scenario with its names filled in. */
import { METRIC_CATALOGUE } from '../scenario/metric-catalogue.generated.js';
import type { MetricEntry } from '../scenario/metric-units.js';
import { sloNamesOfScenario } from '../scenario/resolve-slo.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { instantiate } from '../scenario/slo-metrics.js';

export function metricsText(scenario?: ResolvedScenario): string {
  const rows: Array<{ path: string; entry: MetricEntry }> = scenario
    ? instantiate(METRIC_CATALOGUE, sloNamesOfScenario(scenario)).filter((r) => !r.entry.path.startsWith('cost.') || scenario.cost !== undefined)
    : METRIC_CATALOGUE.map((entry) => ({ path: entry.path, entry }));
  const width = Math.max(...rows.map((r) => r.path.length));
  const lines = rows.map((r) => `${r.path.padEnd(width)}  ${r.entry.unit.padEnd(9)}  ${r.entry.whole ? 'whole run' : '         '}${r.entry.window ? '  per window' : ''}`.trimEnd());
  return [`${'path'.padEnd(width)}  ${'unit'.padEnd(9)}  where`, ...lines].join('\n');
}
