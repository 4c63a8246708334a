/** Assembly of the physical hosts and the VMs placed on them (VMware HA, Fault Tolerance). */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import type { IncidentLog } from '../meters/incident-log.js';
import type { Server } from '../stations/server.js';
import { HostCluster, type PlacedVm } from './hosts.js';

/** One cluster per host group; `allServers` is indexed by global server id. */
export function buildHostClusters(sim: Simulation, scenario: ResolvedScenario, allServers: readonly Server[], incidentLog: IncidentLog): HostCluster[] {
  const serverSpecs = scenario.tiers.flatMap((t) => t.servers);
  return scenario.hostGroups.map((g, gi) => {
    const vms: PlacedVm[] = [];
    serverSpecs.forEach((spec, id) => {
      const p = spec.placement;
      if (p?.group === gi) vms.push({ server: allServers[id]!, size: p.size, faultTolerant: p.faultTolerant, host: p.host });
    });
    for (const vm of vms) vm.server.mortal = true;
    return sim.add(`${g.name}#hosts`, (ctx) => new HostCluster(ctx, g.name, g.capacity, g.count, vms, g.haRestart, (s, now, how) => incidentLog.restarted(s, now, how)));
  });
}
