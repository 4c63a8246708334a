/** Assembly of the calls that fan out, the consequence requests and the routing keys, for the classes that use them. */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import type { RequestTable } from '../request/request-table.js';
import { Consequences } from './consequences.js';
import { FanOut } from './fan-out.js';
import type { RequestFlow } from './request-flow.js';
import { KeyDraw } from './route-keys.js';

/** Each on its own random stream, created only when used: scenarios without them draw exactly as before. */
export function addFlowExtras(sim: Simulation, scenario: ResolvedScenario, requests: RequestTable, flow: RequestFlow): void {
  const classes = scenario.classes;
  const fanOut = classes.some((c) => c.calls) ? new FanOut(classes, requests, sim.stream('flow#calls'), flow, () => sim.clock.now) : undefined;
  const consequences = classes.some((c) => c.emits)
    ? new Consequences(classes, requests, sim.stream('flow#emits'), scenario.run.warmupSeconds, (r) => flow.launch(r))
    : undefined;
  const keys = classes.some((c) => c.key) ? { draws: classes.map((c) => (c.key ? new KeyDraw(c.key) : undefined)), rng: sim.stream('flow#keys') } : undefined;
  flow.attachExtras({ ...(fanOut ? { fanOut } : {}), ...(consequences ? { consequences } : {}), ...(keys ? { keys } : {}) });
}
