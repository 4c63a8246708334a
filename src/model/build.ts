/**
 * Assembles a simulation from a resolved scenario: requests table, outcomes,
 * tiers of servers behind their balancers, the traffic source and the
 * warm-up marker, each registered with the engine under a stable name.
 */
import { Simulation } from '../engine/simulation.js';
import type { SimContext } from '../engine/context.js';
import type { Component } from '../engine/component.js';
import type { RandomStream } from '../rng/stream.js';
import type { BalancerName, ResolvedScenario, ResolvedTier } from '../scenario/resolved.js';
import { LatencyHistogram } from '../stats/latency-histogram.js';
import { RateProfile } from '../traffic/rate-profile.js';
import type { Balancer } from './balancers/balancer.js';
import { LeastConnections } from './balancers/least-connections.js';
import { PowerOfTwo } from './balancers/power-of-two.js';
import { RandomBalancer } from './balancers/random.js';
import { RoundRobin } from './balancers/round-robin.js';
import { WeightedRoundRobin } from './balancers/weighted-round-robin.js';
import { Outcomes } from './outcomes.js';
import { RequestFlow } from './request-flow.js';
import { RequestTable } from './request-table.js';
import { Server } from './server.js';
import { Tier } from './tier.js';
import { TrafficSource } from './traffic-source.js';

export function makeBalancer(name: BalancerName, tier: ResolvedTier, rng: RandomStream): Balancer {
  switch (name) {
    case 'round-robin':
      return new RoundRobin();
    case 'weighted-round-robin':
      return new WeightedRoundRobin(tier.servers.map((s) => s.weight));
    case 'least-connections':
      return new LeastConnections();
    case 'random':
      return new RandomBalancer(rng);
    case 'power-of-two':
      return new PowerOfTwo(rng);
    default:
      throw new Error(`balancer "${name}" is not wired yet`);
  }
}

/** Resets time-averaged statistics when the warm-up ends. */
class WarmupMarker implements Component {
  constructor(
    private readonly ctx: SimContext,
    private readonly servers: Server[],
  ) {}

  handle(): void {
    for (const s of this.servers) s.resetStats(this.ctx.now);
  }
}

export interface BuiltModel {
  sim: Simulation;
  requests: RequestTable;
  outcomes: Outcomes;
  tiers: Tier[];
  source: TrafficSource;
}

export function buildModel(scenario: ResolvedScenario, seed: number | string): BuiltModel {
  const sim = new Simulation(seed);
  const now = sim.clock;
  const requests = new RequestTable();
  const warmup = scenario.run.warmupSeconds;
  const outcomes = new Outcomes(scenario.classes.length, warmup);
  const flow = new RequestFlow(
    requests,
    outcomes,
    scenario.classes.map((c) => Int32Array.from(c.path)),
    now,
  );
  const tiers: Tier[] = [];
  const allServers: Server[] = [];
  scenario.tiers.forEach((t, ti) => {
    // The balancer's stream is a component stream of its own (named after the tier).
    const balancer = makeBalancer(t.balancer, t, sim.stream(`${t.name}/balancer`));
    const tier = new Tier(t.name, ti, balancer, requests, flow, new LatencyHistogram(), now);
    tier.setMeasureFrom(warmup);
    t.servers.forEach((s, si) => {
      const server = sim.add(s.name, (ctx) => new Server(ctx, si, s, t.serviceTimeByClass, requests, tier));
      tier.servers.push(server);
      allServers.push(server);
    });
    tiers.push(tier);
  });
  flow.connect(tiers);
  const profile = new RateProfile(scenario.ratePoints);
  const source = sim.add('traffic', (ctx) => new TrafficSource(ctx, profile, scenario.classes.map((c) => c.share), requests, flow));
  sim.add('warmup', (ctx) => {
    const marker = new WarmupMarker(ctx, allServers);
    if (warmup > 0) ctx.scheduleAt(warmup, 0);
    return marker;
  });
  source.begin();
  return { sim, requests, outcomes, tiers, source };
}
