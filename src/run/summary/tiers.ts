/** The summary's `tiers` section: per tier its latency, utilisation and per-server counts, pooled over replications. */
import type { ResolvedScenario } from '../../scenario/resolved.js';
import type { ReplicationResult } from '../replication.js';
import { latencySummary, merged, r } from './numbers.js';
import type { ServerSummary, Summary } from './types.js';

export function tiersSection(scenario: ResolvedScenario, reps: readonly ReplicationResult[]): Summary['tiers'] {
  const tiers: Summary['tiers'] = {};
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
    const utils = Object.values(servers).map((s) => s.utilisation);
    tiers[t.name] = {
      latencyMs: latencySummary(merged(reps.map((x) => x.tiers[ti]!.latencyMs))),
      utilisation: r(utils.reduce((a, b) => a + b, 0) / Math.max(1, utils.length), 4),
      meanQueued: r(meanQueued(reps, ti), 3),
      servers,
    };
  });
  return tiers;
}

/** Σ over the tier's servers of the time-averaged waiting requests, mean over replications (unrounded). */
function meanQueued(reps: readonly ReplicationResult[], ti: number): number {
  return reps.reduce((a, x) => a + x.tiers[ti]!.servers.reduce((b, s) => b + s.meanQueued, 0), 0) / Math.max(1, reps.length);
}
