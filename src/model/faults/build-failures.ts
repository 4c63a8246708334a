/** Assembly of random failures: servers, hosts and sites that carry `failures`, each an alternating renewal process on its own stream. */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import type { IncidentLog } from '../meters/incident-log.js';
import type { Server } from '../stations/server.js';
import { RandomFailures, type FailingUnit } from './failures.js';
import type { HostCluster } from './hosts.js';
import { machineUnits } from './build-machines.js';

export function addRandomFailures(sim: Simulation, scenario: ResolvedScenario, allServers: readonly Server[], hostClusters: readonly HostCluster[], incidentLog: IncidentLog): void {
  const units: FailingUnit[] = [...serverUnits(scenario, allServers), ...hostUnits(scenario, hostClusters), ...siteUnits(scenario, allServers), ...machineUnits(scenario, allServers)].map(vanishing);
  if (units.length > 0) sim.add('failures', (ctx) => new RandomFailures(ctx, units, incidentLog, (n) => sim.stream(n))).begin();
}

function serverUnits(scenario: ResolvedScenario, allServers: readonly Server[]): FailingUnit[] {
  const units: FailingUnit[] = [];
  scenario.tiers
    .flatMap((t) => t.servers)
    .forEach((spec, id) => {
      const f = spec.failures;
      if (!f) return;
      const server = allServers[id]!;
      server.mortal = true;
      // A failure drawn while the server is out of the pool (powered off by the autoscaler, a DRP asleep) has nothing to break.
      let took = false;
      units.push({
        target: `server ${spec.name}`,
        ...f,
        fail: () => {
          took = server.inPool;
          if (took) server.takeDown();
          return took ? [server] : [];
        },
        repair: () => {
          if (took) server.bringUp();
          took = false;
        },
        idle: () => !server.inPool,
      });
    });
  return units;
}

function hostUnits(scenario: ResolvedScenario, hostClusters: readonly HostCluster[]): FailingUnit[] {
  const units: FailingUnit[] = [];
  scenario.hostGroups.forEach((g, gi) => {
    if (!g.failures) return;
    const cluster = hostClusters[gi]!;
    for (let h = 0; h < g.count; h++) {
      units.push({ target: `host ${g.name}-${h + 1}`, ...g.failures, fail: () => cluster.fail(h), repair: () => cluster.repair(h) });
    }
  });
  return units;
}

function siteUnits(scenario: ResolvedScenario, allServers: readonly Server[]): FailingUnit[] {
  const units: FailingUnit[] = [];
  scenario.siteFailures.forEach((f, site) => {
    if (!f) return;
    const inSite = allServers.filter((s) => s.spec.siteIndex === site);
    for (const s of inSite) s.mortal = true;
    units.push({
      target: `site ${scenario.sites[site]}`,
      ...f,
      fail: () => {
        for (const s of inSite) s.takeDown();
        return inSite;
      },
      repair: () => {
        for (const s of inSite) s.bringUp();
      },
    });
  });
  return units;
}

/** Failures in mode "vanish": the servers a failure takes down vanish (connects hang) until its repair. */
function vanishing(unit: FailingUnit & { vanish?: boolean }): FailingUnit {
  if (unit.vanish !== true) return unit;
  let gone: readonly Server[] = [];
  return {
    ...unit,
    fail: () => {
      gone = unit.fail();
      for (const s of gone) s.vanishCauses++;
      return gone;
    },
    repair: () => {
      for (const s of gone) s.vanishCauses--;
      gone = [];
      unit.repair();
    },
  };
}
