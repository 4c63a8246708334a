/** Assembly of a tier's autoscaler, when the tier has an elastic server group. */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedTier } from '../../scenario/resolved.js';
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
