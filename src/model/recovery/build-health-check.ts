/** Assembly of a tier's health checks: the balancer probes its servers and takes the dead ones out. */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedTier } from '../../scenario/resolved.js';
import type { IncidentLog } from '../meters/incident-log.js';
import type { StateWatch } from '../stations/state-watch.js';
import type { Tier } from '../stations/tier.js';
import { HealthChecker } from '../network/health-checker.js';

export function addHealthCheck(sim: Simulation, t: ResolvedTier, tier: Tier, incidentLog: IncidentLog, watch: StateWatch): void {
  if (!t.healthCheck) return;
  const spec = t.healthCheck;
  const servers = tier.servers;
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
          watch.changed();
        }),
    )
    .begin();
}
