/** Assembly of a tier's health checks: the balancer probes its servers and takes the dead ones out. */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedTier } from '../../scenario/resolved.js';
import type { IncidentLog } from '../meters/incident-log.js';
import type { StateWatch } from '../stations/state-watch.js';
import type { Tier } from '../stations/tier.js';
import { HealthChecker } from '../network/health-checker.js';
import type { LinkTable } from '../network/link.js';

export function addHealthCheck(sim: Simulation, t: ResolvedTier, tier: Tier, incidentLog: IncidentLog, watch: StateWatch, links?: LinkTable): void {
  if (!t.healthCheck) return;
  const spec = t.healthCheck;
  const servers = tier.servers;
  // Probes from the balancer's site go over the same links as the traffic: a partition fails them.
  const from = spec.fromSite;
  const reachable =
    from === undefined || links === undefined
      ? undefined
      : (i: number): boolean => {
          const link = links.between(from, servers[i]!.spec.siteIndex);
          return link === undefined || !link.partitioned;
        };
  sim
    .add(
      `${t.name}#health`,
      (ctx) =>
        new HealthChecker(ctx, spec, servers, (i, up, now) => {
          if (!up) {
            // The balancer moves the traffic to the servers left, if any: that restores the service.
            const left = servers.some((s) => s.up && s.alive);
            incidentLog.detected(servers[i]!, now, `health check of ${t.name}`, left ? `${t.name} balancer sent the traffic to the servers left` : null);
          }
          // A server back up takes its share of the HAProxy backend queue at once.
          if (up) tier.proxy?.drain();
          watch.changed();
        }, reachable),
    )
    .begin();
}
