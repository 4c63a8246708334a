/** Shared machines as things that fail: every tier on a machine instance goes down with it (random failures, incidents). */
import type { ResolvedScenario } from '../../scenario/resolved.js';
import type { Server } from '../stations/server.js';
import type { FailingUnit } from './failures.js';

/** The servers on each machine instance, [machine][instance]; `allServers` is indexed by global server id. */
export function serversOnMachines(scenario: ResolvedScenario, allServers: readonly Server[]): Server[][][] {
  const out = (scenario.machines ?? []).map((m) => Array.from({ length: m.count }, (): Server[] => []));
  scenario.tiers
    .flatMap((t) => t.servers)
    .forEach((spec, id) => {
      const slot = spec.machine;
      if (slot) out[slot.machine]?.[slot.instance]?.push(allServers[id]!);
    });
  return out;
}

/** One failing unit per instance of a machine with `failures`: a crash takes all its tiers down at once. */
export function machineUnits(scenario: ResolvedScenario, allServers: readonly Server[]): FailingUnit[] {
  const units: FailingUnit[] = [];
  const on = serversOnMachines(scenario, allServers);
  (scenario.machines ?? []).forEach((m, mi) => {
    if (!m.failures) return;
    on[mi]!.forEach((servers, k) => {
      for (const s of servers) s.mortal = true;
      // A machine the autoscaler has powered off has nothing to break (as for a server: see serverUnits).
      let took = false;
      units.push({
        target: `machine ${m.name}-${k + 1}`,
        ...m.failures!,
        fail: () => {
          took = servers.some((s) => s.inPool);
          if (!took) return [];
          for (const s of servers) s.takeDown();
          return servers;
        },
        repair: () => {
          if (took) for (const s of servers) s.bringUp();
          took = false;
        },
        idle: () => !servers.some((s) => s.inPool),
      });
    });
  });
  return units;
}
