/** The summary's `tiers` section: per tier its latency, utilisation and per-server counts, pooled over replications. */
import type { ResolvedScenario } from '../../scenario/resolved.js';
import type { ReplicationResult, ServerResult } from '../replication.js';
import { backendSummary } from './backend.js';
import { latencySummary, merged, optional, r, sumOf } from './numbers.js';
import type { ServerSummary, Summary } from './types.js';

/**
 * Busy capacity ÷ running capacity, over servers (and replications): a
 * server counts only while it runs, so elastic instances never started or
 * powered off, and DRP servers asleep, do not dilute it.
 */
function runningUtilisation(servers: readonly ServerResult[], measuredSeconds: number): number {
  const running = sumOf(servers, (s) => s.capacity * s.runningSeconds);
  return running > 0 ? sumOf(servers, (s) => s.utilisation * s.capacity * measuredSeconds) / running : 0;
}

export function tiersSection(scenario: ResolvedScenario, reps: readonly ReplicationResult[]): Summary['tiers'] {
  const tiers: Summary['tiers'] = {};
  const measuredSeconds = scenario.run.durationSeconds - scenario.run.warmupSeconds;
  scenario.tiers.forEach((t, ti) => {
    const servers: Record<string, ServerSummary> = {};
    t.servers.forEach((s, si) => {
      const per = reps.map((x) => x.tiers[ti]!.servers[si]!);
      const n = per.length;
      servers[s.name] = {
        site: s.site,
        served: per.reduce((a, p) => a + p.served, 0),
        rejected: per.reduce((a, p) => a + p.rejected, 0),
        utilisation: r(per.reduce((a, p) => a + p.utilisation, 0) / n, 4),
        meanQueued: r(per.reduce((a, p) => a + p.meanQueued, 0) / n, 3),
        maxQueued: per.reduce((a, p) => Math.max(a, p.maxQueued), 0),
      };
    });
    const list = Object.values(servers);
    tiers[t.name] = {
      latencyMs: latencySummary(merged(reps.map((x) => x.tiers[ti]!.latencyMs))),
      utilisation: r(runningUtilisation(reps.flatMap((x) => x.tiers[ti]!.servers), measuredSeconds), 4),
      serving: r(sumOf(reps, (x) => sumOf(x.tiers[ti]!.servers, (s) => s.runningSeconds)) / (measuredSeconds * Math.max(1, reps.length)), 3),
      built: t.servers.length,
      meanQueued: r(sumOf(list, (s) => s.meanQueued), 3),
      maxQueued: list.reduce((a, s) => Math.max(a, s.maxQueued), 0),
      servers,
      ...optional('backend', backendSummary(reps, ti)),
    };
  });
  return tiers;
}
