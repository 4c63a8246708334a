/** Assembly of one tier: its balancer, its servers (FIFO or processor sharing), each a component named after the server. */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedTier } from '../../scenario/resolved.js';
import { LatencyHistogram } from '../../stats/latency-histogram.js';
import { makeBalancer } from '../balancers/make-balancer.js';
import type { RequestTable } from '../request/request-table.js';
import { HaproxyBackend } from './haproxy-backend.js';
import { PsServer } from './ps-server.js';
import { Server } from './server.js';
import { CorePool, SharedCoreServer } from './shared-core-server.js';
import { Tier, type Flow } from './tier.js';

/**
 * Build tier `ti` and its servers; every server is also appended to
 * `allServers`, whose index is the server's global id.
 */
export function buildTier(
  sim: Simulation,
  t: ResolvedTier,
  ti: number,
  requests: RequestTable,
  flow: Flow,
  clients: number,
  warmupSeconds: number,
  allServers: Server[],
  pools: CorePools = new CorePools(),
): Tier {
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
      s.machine
        ? new SharedCoreServer(ctx, si, id, s, t.serviceTimeByClass, requests, tier, pools.of(s.machine.machine, s.machine.instance, s.cores))
        : t.discipline === 'ps'
        ? new PsServer(ctx, si, id, s, t.serviceTimeByClass, requests, tier)
        : new Server(ctx, si, id, s, t.serviceTimeByClass, requests, tier),
      // FIFO servers get most events and share one class: the run loop calls them directly (Simulation.add).
      !s.machine && t.discipline !== 'ps',
    );
    tier.servers.push(server);
    allServers.push(server);
  });
  addProxy(sim, t, tier, requests, flow, warmupSeconds);
  return tier;
}

/** HAProxy in front of the tier, when it has an `haproxy` block: the servers tell it when a connection frees. */
function addProxy(sim: Simulation, t: ResolvedTier, tier: Tier, requests: RequestTable, flow: Flow, warmupSeconds: number): void {
  const spec = t.haproxy;
  if (spec === undefined) return;
  tier.timeoutConnectSeconds = spec.timeoutConnectSeconds;
  const proxy = sim.add(`${t.name}#haproxy`, (ctx) => new HaproxyBackend(ctx, spec, tier.index, tier.servers, tier.balancer, requests, flow));
  proxy.setMeasureFrom(warmupSeconds);
  tier.proxy = proxy;
  if (Number.isFinite(spec.maxconn)) for (const s of tier.servers) s.slotWatch = proxy;
}

/** The cores of each machine instance, shared by the servers the tiers place on it (built as the tiers are). */
export class CorePools {
  private readonly byKey = new Map<string, CorePool>();
  of(machine: number, instance: number, cores: number): CorePool {
    const key = `${machine}/${instance}`;
    let pool = this.byKey.get(key);
    if (!pool) this.byKey.set(key, (pool = new CorePool(cores)));
    return pool;
  }
}
