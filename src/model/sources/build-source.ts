/** Assembly of the traffic source: a rate profile (with burstiness) or a timestamps trace, feeding the request flow. */
import type { Simulation } from '../../engine/simulation.js';
import type { RandomStream } from '../../rng/stream.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import { RateModulator } from '../../traffic/burstiness.js';
import { RateProfile } from '../../traffic/rate-profile.js';
import { TimestampTrace } from '../../traffic/trace.js';
import type { RequestFlow } from '../flow/request-flow.js';
import type { RequestTable } from '../request/request-table.js';
import { TraceSource } from './trace-source.js';
import { TrafficSource } from './traffic-source.js';
import { ClassSource } from './class-source.js';

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
  if (scenario.classStreams) return buildClassSources(sim, scenario, requests, flow, clients);
  const profile = new RateProfile(scenario.ratePoints);
  const modulator = scenario.burstiness ? new RateModulator(scenario.burstiness, sim.stream('traffic#burstiness')) : undefined;
  return sim.add('traffic', (ctx) => new TrafficSource(ctx, profile, shares, requests, flow, modulator, clients));
}

/**
 * One source per class, each its own component, so its own random stream
 * ("traffic:<class>"), and its own burstiness stream; the clients are drawn
 * from one shared stream, as with a single source.
 */
function buildClassSources(
  sim: Simulation,
  scenario: ResolvedScenario,
  requests: RequestTable,
  flow: RequestFlow,
  clients: { count: number; rng: RandomStream } | undefined,
): Source {
  const sources = scenario.classStreams!.map((stream, i) => {
    const name = scenario.classes[i]!.name;
    const profile = new RateProfile(stream.ratePoints);
    const modulator = stream.burstiness ? new RateModulator(stream.burstiness, sim.stream(`traffic:${name}#burstiness`)) : undefined;
    return sim.add(`traffic:${name}`, (ctx) => new ClassSource(ctx, i, profile, requests, flow, modulator, clients));
  });
  return {
    get generated(): number {
      let n = 0;
      for (const s of sources) n += s.generated;
      return n;
    },
    begin(): void {
      for (const s of sources) s.begin();
    },
  };
}
