/** The summary's `classes` and `sites` sections: counts, availability and latency per request class and per entry site. */
import type { ResolvedScenario } from '../../scenario/resolved.js';
import type { LatencyHistogramJSON } from '../../stats/latency-histogram.js';
import type { ReplicationResult } from '../replication.js';
import { latencySummary, merged, r } from './numbers.js';
import type { Summary } from './types.js';

type Breakdown = Summary['classes'][string];
interface Counted {
  ok: number;
  failed: number;
  latencyMs: LatencyHistogramJSON;
}

/** One row of a breakdown: the `i`-th entry of each replication, pooled. */
function pooled(reps: readonly ReplicationResult[], entry: (x: ReplicationResult) => Counted): Breakdown {
  const ok = reps.reduce((a, x) => a + entry(x).ok, 0);
  const failed = reps.reduce((a, x) => a + entry(x).failed, 0);
  return {
    total: ok + failed,
    ok,
    failed,
    availability: ok + failed > 0 ? r(ok / (ok + failed), 6) : null,
    latencyMs: latencySummary(merged(reps.map((x) => entry(x).latencyMs))),
  };
}

export function classesSection(scenario: ResolvedScenario, reps: readonly ReplicationResult[]): Summary['classes'] {
  const classes: Summary['classes'] = {};
  scenario.classes.forEach((c, i) => {
    classes[c.name] = { ...pooled(reps, (x) => x.classes[i]!), ...consequenceFigures(reps, i) };
  });
  return classes;
}

/** A class that consequence requests create (`emits`): how many, and the time from the original arrival to their success. */
function consequenceFigures(reps: readonly ReplicationResult[], i: number): { emitted?: number; sinceOriginMs?: Breakdown['latencyMs'] } {
  const first = reps[0]?.classes[i];
  if (first?.sinceOriginMs === undefined) return {};
  return {
    emitted: reps.reduce((a, x) => a + (x.classes[i]!.emitted ?? 0), 0),
    sinceOriginMs: latencySummary(merged(reps.map((x) => x.classes[i]!.sinceOriginMs!))),
  };
}

/** Empty when requests can enter in one site only. */
export function sitesSection(scenario: ResolvedScenario, reps: readonly ReplicationResult[]): Summary['sites'] {
  const sites: Summary['sites'] = {};
  if ((reps[0]?.sites.length ?? 0) > 1) {
    scenario.sites.forEach((name, i) => {
      sites[name] = pooled(reps, (x) => x.sites[i]!);
    });
  }
  return sites;
}
