/** Assembly of one tier: its balancer, its servers (FIFO or processor sharing), each a component named after the server. */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedTier } from '../../scenario/resolved.js';
import { LatencyHistogram } from '../../stats/latency-histogram.js';
import { makeBalancer } from '../balancers/make-balancer.js';
import type { RequestTable } from '../request/request-table.js';
import { PsServer } from './ps-server.js';
import { Server } from './server.js';
import { Tier, type Flow } from './tier.js';

/**
 * Build tier `ti` and its servers; every server is also appended to
 * `allServers`, whose index is the server's global id.
 */
export function buildTier(sim: Simulation, t: ResolvedTier, ti: number, requests: RequestTable, flow: Flow, clients: number, warmupSeconds: number, allServers: Server[]): Tier {
  const clock = sim.clock;
  const balancer = makeBalancer(t, sim.stream(`${t.name}#balancer`), clock, clients);
  const tier = new Tier(t.name, ti, balancer, requests, flow, new LatencyHistogram(), clock, t.cache, sim.stream(`${t.name}#cache`));
  tier.setMeasureFrom(warmupSeconds);
  tier.hold = t.hold;
  tier.byRouteKey = t.balancer === 'by-key';
  tier.balancerRedundancy = t.balancerRedundancy;
  t.servers.forEach((s, si) => {
    const id = allServers.length;
    const server = sim.add(s.name, (ctx) =>
      t.discipline === 'ps'
        ? new PsServer(ctx, si, id, s, t.serviceTimeByClass, requests, tier)
        : new Server(ctx, si, id, s, t.serviceTimeByClass, requests, tier),
    );
    tier.servers.push(server);
    allServers.push(server);
  });
  return tier;
}
