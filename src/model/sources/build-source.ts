/** Assembly of the traffic source: a rate profile (with burstiness) or a timestamps trace, feeding the request flow. */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import { RateModulator } from '../../traffic/burstiness.js';
import { RateProfile } from '../../traffic/rate-profile.js';
import { TimestampTrace } from '../../traffic/trace.js';
import type { RequestFlow } from '../flow/request-flow.js';
import type { RequestTable } from '../request/request-table.js';
import { TraceSource } from './trace-source.js';
import { TrafficSource } from './traffic-source.js';

export interface Source {
  /** Requests created so far. */
  generated: number;
  begin(): void;
}

export function buildSource(sim: Simulation, scenario: ResolvedScenario, requests: RequestTable, flow: RequestFlow): Source {
  const shares = scenario.classes.map((c) => c.share);
  const needsClients = scenario.tiers.some((t) => t.balancer === 'dns-round-robin' || t.balancer === 'consistent-hash');
  const clients = needsClients ? { count: scenario.clients, rng: sim.stream('traffic#clients') } : undefined;
  if (scenario.timestampTrace) {
    const trace = new TimestampTrace(scenario.timestampTrace.baseDir, scenario.timestampTrace.file, { classes: scenario.classes.map((c) => c.name) });
    return sim.add('traffic', (ctx) => new TraceSource(ctx, trace, shares, requests, flow, clients));
  }
  const profile = new RateProfile(scenario.ratePoints);
  const modulator = scenario.burstiness ? new RateModulator(scenario.burstiness, sim.stream('traffic#burstiness')) : undefined;
  return sim.add('traffic', (ctx) => new TrafficSource(ctx, profile, shares, requests, flow, modulator, clients));
}
