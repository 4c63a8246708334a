/** Assembly of the physical hosts and the VMs placed on them (VMware HA, Fault Tolerance, anti-affinity, elastic VMs). */
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
    // A VM by name: the servers of one machine instance share it.
    const byName = new Map<string, PlacedVm>();
    serverSpecs.forEach((spec, id) => {
      const p = spec.placement;
      if (p?.group !== gi) return;
      const name = p.vm ?? spec.name;
      let vm = byName.get(name);
      if (!vm) {
        vm = { servers: [], size: p.size, faultTolerant: p.faultTolerant, host: p.startsOff ? -1 : p.host, shadowHost: p.shadowHost ?? -1 };
        byName.set(name, vm);
        vms.push(vm);
      }
      vm.servers.push(allServers[id]!);
    });
    const names = [...byName.keys()];
    for (const rule of g.antiAffinity ?? []) {
      const members = rule.map((n) => names.indexOf(n));
      for (const i of members) vms[i]!.apart = [...(vms[i]!.apart ?? []), ...members.filter((j) => j !== i)];
    }
    for (const vm of vms) for (const s of vm.servers) s.mortal = true;
    return sim.add(`${g.name}#hosts`, (ctx) => new HostCluster(ctx, g.name, g.capacity, g.count, vms, g.haRestart, (s, now, how) => incidentLog.restarted(s, now, how)));
  });
}

/**
 * Per server on hosts (every tier of a machine alike): powering its VM on
 * (placed where there is room; false if nowhere) and off (its room given
 * back), for the autoscaler of an elastic group on hosts.
 */
export function vmPowerControls(clusters: readonly HostCluster[]): Map<Server, { powerOn(): boolean; powerOff(): void }> {
  const out = new Map<Server, { powerOn(): boolean; powerOff(): void }>();
  clusters.forEach((cluster) => {
    cluster.vms.forEach((vm, i) => {
      const control = { powerOn: () => cluster.powerOn(i), powerOff: () => cluster.powerOff(i) };
      for (const s of vm.servers) out.set(s, control);
    });
  });
  return out;
}
