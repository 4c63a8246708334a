/** Assembly of a tier's autoscaler, when the tier has an elastic server group. */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedScenario, ResolvedTier } from '../../scenario/resolved.js';
import type { Server } from '../stations/server.js';
import { watched, type StateWatch } from '../stations/state-watch.js';
import type { Tier } from '../stations/tier.js';
import { Autoscaler } from './autoscaler.js';

export function addAutoscaler(sim: Simulation, t: ResolvedTier, tier: Tier, watch: StateWatch): Autoscaler | undefined {
  if (!t.autoscaling) return undefined;
  const spec = t.autoscaling;
  const autoscaler = sim.add(`${t.name}#autoscaler`, (ctx) => watched(new Autoscaler(ctx, spec, tier), watch));
  autoscaler.begin();
  return autoscaler;
}

/**
 * An elastic group on a shared machine brings the machine's other tiers
 * with it: each instance's companions are the servers on the same machine
 * instance (`allServers` by global id, every tier built).
 */
export function addMachineCompanions(scenario: ResolvedScenario, autoscalers: readonly Autoscaler[], allServers: readonly Server[]): void {
  if (!scenario.machines) return;
  const specs = scenario.tiers.flatMap((t) => t.servers);
  const onMachine = new Map<string, Server[]>();
  specs.forEach((spec, id) => {
    if (!spec.machine) return;
    const key = `${spec.machine.machine}/${spec.machine.instance}`;
    const list = onMachine.get(key) ?? [];
    list.push(allServers[id]!);
    onMachine.set(key, list);
  });
  for (const a of autoscalers) {
    a.instances().forEach((server, k) => {
      const slot = specs[server.globalId]!.machine;
      if (!slot) return;
      const others = onMachine.get(`${slot.machine}/${slot.instance}`)!.filter((s) => s !== server);
      if (others.length > 0) a.addCompanions(k, others);
    });
  }
}
