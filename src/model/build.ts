/**
 * Assembles a simulation from a resolved scenario: requests table, outcomes,
 * tiers of servers behind their balancers, the traffic source and the
 * warm-up marker, each registered with the engine under a stable name.
 */
import { Simulation } from '../engine/simulation.js';
import type { SimContext } from '../engine/context.js';
import type { Component } from '../engine/component.js';
import type { RandomStream } from '../rng/stream.js';
import type { Clock } from '../engine/clock.js';
import type { ResolvedScenario, ResolvedTier } from '../scenario/resolved.js';
import { RateModulator } from '../traffic/burstiness.js';
import { TimestampTrace } from '../traffic/trace.js';
import { ConsistentHash } from './balancers/consistent-hash.js';
import { DnsRoundRobin } from './balancers/dns-round-robin.js';
import { Database } from './data/database.js';
import { HealthChecker } from './network/health-checker.js';
import { Incidents, type IncidentTargets } from './faults/incidents.js';
import { IncidentLog } from './meters/incident-log.js';
import { AvailabilityMeter } from './meters/availability-meter.js';
import { RandomFailures, type FailingUnit } from './faults/failures.js';
import { HostCluster, type PlacedVm } from './faults/hosts.js';
import { buildRecovery, type Recovery } from './recovery/recovery.js';
import { IpFailoverBalancer } from './balancers/ip-failover.js';
import { Link, LinkTable } from './network/link.js';
import { TraceSource } from './sources/trace-source.js';
import { LatencyHistogram } from '../stats/latency-histogram.js';
import { RateProfile } from '../traffic/rate-profile.js';
import type { Balancer } from './balancers/balancer.js';
import { LeastConnections } from './balancers/least-connections.js';
import { PowerOfTwo } from './balancers/power-of-two.js';
import { RandomBalancer } from './balancers/random.js';
import { RoundRobin } from './balancers/round-robin.js';
import { WeightedRoundRobin } from './balancers/weighted-round-robin.js';
import { CommitPause } from './data/commit-pause.js';
import { ObjectStore, type ObjectStoreSpec } from './data/object-store.js';
import { Outcomes } from './request/outcomes.js';
import { RequestFlow } from './flow/request-flow.js';
import { RequestTable } from './request/request-table.js';
import { Server } from './stations/server.js';
import { PsServer } from './stations/ps-server.js';
import { Tier } from './stations/tier.js';
import { Autoscaler } from './elasticity/autoscaler.js';
import { watched } from './stations/state-watch.js';
import { TrafficSource } from './sources/traffic-source.js';

export function makeBalancer(tier: ResolvedTier, rng: RandomStream, clock: Clock, clients: number): Balancer {
  switch (tier.balancer) {
    case 'round-robin':
    case 'site-local': // database tiers route by site themselves; the policy is unused there
      return new RoundRobin();
    case 'weighted-round-robin':
      return new WeightedRoundRobin(tier.servers.map((s) => s.weight));
    case 'least-connections':
      return new LeastConnections();
    case 'random':
      return new RandomBalancer(rng);
    case 'power-of-two':
      return new PowerOfTwo(rng);
    case 'consistent-hash':
      return new ConsistentHash(tier.servers.map((s) => s.name));
    case 'dns-round-robin':
      return new DnsRoundRobin(clock, clients, tier.dnsTtlSeconds);
    case 'ip-failover':
      return new IpFailoverBalancer(tier.ipFailover?.masterIndex ?? 0);
  }
}

/** Resets time-averaged statistics when the warm-up ends. */
class WarmupMarker implements Component {
  constructor(
    private readonly ctx: SimContext,
    private readonly servers: Server[],
    private readonly links: Link[],
  ) {}

  handle(): void {
    for (const s of this.servers) s.resetStats(this.ctx.now);
    for (const l of this.links) {
      l.bitsAB = 0;
      l.bitsBA = 0;
    }
  }
}

export interface BuiltModel {
  sim: Simulation;
  requests: RequestTable;
  outcomes: Outcomes;
  tiers: Tier[];
  source: { generated: number };
  links: Link[];
  /** Every incident of the run, scheduled or random. */
  incidentLog: IncidentLog;
  availability: AvailabilityMeter;
  hostClusters: HostCluster[];
  recovery: Recovery;
  /** One per elastic server group, in tier order. */
  autoscalers: Autoscaler[];
}

export function buildModel(scenario: ResolvedScenario, seed: number | string): BuiltModel {
  const sim = new Simulation(seed);
  const clock = sim.clock;
  const requests = new RequestTable();
  const warmup = scenario.run.warmupSeconds;
  // Per-site outcomes only when requests can enter in more than one site (a
  // histogram record per request saved otherwise).
  const entrySites = new Set(scenario.classes.flatMap((c) => (c.path.length > 0 ? scenario.tiers[c.path[0]!]!.servers.map((s) => s.siteIndex) : [])));
  const outcomes = new Outcomes(scenario.classes.length, warmup, entrySites.size > 1 ? scenario.sites.length : 1);
  const links = scenario.links.map((l) => new Link(l.siteA, l.siteB, l.latency, l.bandwidthBps, l));
  const linkTable = new LinkTable(scenario.sites.length, links);
  const oneWay = (a: number, b: number): number => (a === b ? 0 : (linkTable.between(a, b)?.meanLatencySeconds ?? 0));
  // Stream names use "#", which no component name can contain: no collision with a server's stream.
  const flow = sim.add(
    'flow',
    (ctx) =>
      new RequestFlow(
        ctx,
        requests,
        outcomes,
        scenario.classes.map((c) => Int32Array.from(c.path)),
        Float64Array.from(scenario.classes, (c) => c.requestBytes),
        Float64Array.from(scenario.classes, (c) => c.responseBytes),
        linkTable,
        sim.stream('flow#links'),
        {
          timeoutSeconds: Float64Array.from(scenario.classes, (c) => c.timeoutSeconds),
          retries: Int32Array.from(scenario.classes, (c) => c.retries),
          retryAfterSeconds: Float64Array.from(scenario.classes, (c) => c.retryAfterSeconds),
        },
      ),
  );
  const incidentLog = new IncidentLog(outcomes);
  const meter = new AvailabilityMeter(clock, warmup, scenario.classes, scenario.sites.length);
  const tiers: Tier[] = [];
  const allServers: Server[] = [];
  const writes = Uint8Array.from(scenario.classes, (c) => (c.write ? 1 : 0));
  const databases: Database[] = [];
  const autoscalers: Autoscaler[] = [];
  scenario.tiers.forEach((t, ti) => {
    const balancer = makeBalancer(t, sim.stream(`${t.name}#balancer`), clock, scenario.clients);
    const tier = new Tier(t.name, ti, balancer, requests, flow, new LatencyHistogram(), clock, t.cache, sim.stream(`${t.name}#cache`));
    tier.setMeasureFrom(warmup);
    tier.hold = t.hold;
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
    if (t.database) {
      const db = new Database(t.database, tier.servers, writes, requests, clock, t.serviceTimeByClass, linkTable, (n) => sim.stream(n), oneWay);
      db.setMeasureFrom(warmup);
      if (t.database.replication === 'galera' && t.database.flowControl) db.pause = sim.add(`${t.name}#flow-control`, (ctx) => new CommitPause(ctx, tier));
      if (t.database.replication === 'object-storage') db.store = sim.add(`${t.name}#store`, (ctx) => new ObjectStore(ctx, t.database as ObjectStoreSpec, tier.servers, requests, linkTable, tier, Float64Array.from(scenario.classes, (c) => c.requestBytes)));
      tier.database = db;
      databases.push(db);
    }
    if (t.healthCheck) {
      const spec = t.healthCheck;
      const servers = tier.servers;
      sim
        .add(
          `${t.name}#health`,
          (ctx) =>
            new HealthChecker(ctx, spec, servers, (i, up, now) => {
              if (!up) {
                // The balancer moves the traffic to the servers left, if any: that restores the service.
                const left = servers.some((s) => s.up && s.alive);
                incidentLog.detected(servers[i]!, now, `health check of ${t.name}`, left ? `${t.name} balancer sent the traffic to the servers left` : null);
              }
              meter.changed();
            }),
        )
        .begin();
    }
    if (t.autoscaling) {
      const spec = t.autoscaling;
      autoscalers.push(sim.add(`${t.name}#autoscaler`, (ctx) => watched(new Autoscaler(ctx, spec, tier), meter)));
      autoscalers[autoscalers.length - 1]!.begin();
    }
    tiers.push(tier);
  });
  flow.connect(tiers, allServers);
  for (const s of allServers) s.watch = meter;
  meter.connect(tiers);

  const shares = scenario.classes.map((c) => c.share);
  const needsClients = scenario.tiers.some((t) => t.balancer === 'dns-round-robin' || t.balancer === 'consistent-hash');
  const clients = needsClients ? { count: scenario.clients, rng: sim.stream('traffic#clients') } : undefined;
  let source: { generated: number; begin(): void };
  if (scenario.timestampTrace) {
    const trace = new TimestampTrace(scenario.timestampTrace.baseDir, scenario.timestampTrace.file, { classes: scenario.classes.map((c) => c.name) });
    source = sim.add('traffic', (ctx) => new TraceSource(ctx, trace, shares, requests, flow, clients));
  } else {
    const profile = new RateProfile(scenario.ratePoints);
    const modulator = scenario.burstiness ? new RateModulator(scenario.burstiness, sim.stream('traffic#burstiness')) : undefined;
    source = sim.add('traffic', (ctx) => new TrafficSource(ctx, profile, shares, requests, flow, modulator, clients));
  }

  // Physical hosts and their VMs (VMware HA, Fault Tolerance).
  const serverSpecs = scenario.tiers.flatMap((t) => t.servers);
  const hostClusters = scenario.hostGroups.map((g, gi) => {
    const vms: PlacedVm[] = [];
    serverSpecs.forEach((spec, id) => {
      const p = spec.placement;
      if (p?.group === gi) vms.push({ server: allServers[id]!, size: p.size, faultTolerant: p.faultTolerant, host: p.host });
    });
    for (const vm of vms) vm.server.mortal = true;
    return sim.add(`${g.name}#hosts`, (ctx) => new HostCluster(ctx, g.name, g.capacity, g.count, vms, g.haRestart, (s, now, how) => incidentLog.restarted(s, now, how)));
  });

  // Random failures: servers, hosts, sites (each draws from its own stream).
  const units: FailingUnit[] = [];
  serverSpecs.forEach((spec, id) => {
    const f = spec.failures;
    if (!f) return;
    const server = allServers[id]!;
    server.mortal = true;
    // A failure drawn while the server is out of the pool (powered off by the autoscaler, a DRP asleep) has nothing to break.
    let took = false;
    units.push({
      target: `server ${spec.name}`,
      ...f,
      fail: () => {
        took = server.inPool;
        if (took) server.takeDown();
        return took ? [server] : [];
      },
      repair: () => {
        if (took) server.bringUp();
        took = false;
      },
      idle: () => !server.inPool,
    });
  });
  scenario.hostGroups.forEach((g, gi) => {
    if (!g.failures) return;
    const cluster = hostClusters[gi]!;
    for (let h = 0; h < g.count; h++) {
      units.push({ target: `host ${g.name}-${h + 1}`, ...g.failures, fail: () => cluster.fail(h), repair: () => cluster.repair(h) });
    }
  });
  scenario.siteFailures.forEach((f, site) => {
    if (!f) return;
    const inSite = allServers.filter((s) => s.spec.siteIndex === site);
    for (const s of inSite) s.mortal = true;
    units.push({
      target: `site ${scenario.sites[site]}`,
      ...f,
      fail: () => {
        for (const s of inSite) s.takeDown();
        return inSite;
      },
      repair: () => {
        for (const s of inSite) s.bringUp();
      },
    });
  });
  if (units.length > 0) sim.add('failures', (ctx) => new RandomFailures(ctx, units, incidentLog, (n) => sim.stream(n))).begin();

  if (scenario.incidents.length > 0) {
    // Per server, the DNS operator's delay of its tier (Infinity where there is no DNS record to update).
    const dnsDelay = scenario.tiers.flatMap((t) => t.servers.map(() => (t.balancer === 'dns-round-robin' ? t.dnsUpdateSeconds : Infinity)));
    const withDns = (servers: Server[], target: string): IncidentTargets => {
      const delays = servers.map((s) => dnsDelay[s.globalId]!);
      return delays.some(Number.isFinite) ? { servers, dnsUpdateSeconds: delays, target } : { servers, target };
    };
    const targets = scenario.incidents.map((inc): IncidentTargets => {
      const t = inc.target;
      if (t.kind === 'server') {
        const server = tiers[t.tier]!.servers[t.server]!;
        return withDns([server], `server ${server.spec.name}`);
      }
      if (t.kind === 'tier') return withDns([...tiers[t.tier]!.servers], `tier ${tiers[t.tier]!.name}`);
      if (t.kind === 'site') return withDns(allServers.filter((s) => s.spec.siteIndex === t.site), `site ${scenario.sites[t.site]}`);
      if (t.kind === 'host') {
        const cluster = hostClusters[t.group]!;
        return { servers: [], host: { cluster, index: t.host }, target: `host ${cluster.name}-${t.host + 1}` };
      }
      if (t.kind === 'link') {
        const link = links[t.link]!;
        return { servers: [], partition: (on: boolean) => linkTable.partition(link, on, clock.now), target: `link ${scenario.sites[link.siteA]}–${scenario.sites[link.siteB]}` };
      }
      return { servers: [], balancerOf: tiers[t.tier]!, target: `balancer ${tiers[t.tier]!.name}` };
    });
    for (const target of targets) for (const s of target.servers) s.mortal = true;
    sim.add('incidents', (ctx) => new Incidents(ctx, scenario.incidents, targets, incidentLog, meter)).begin();
  }
  const recovery = buildRecovery(sim, scenario, tiers, meter, incidentLog);
  sim.add('warmup', (ctx) => {
    const marker = new WarmupMarker(ctx, allServers, links);
    if (warmup > 0) ctx.scheduleAt(warmup, 0);
    return marker;
  });
  source.begin();
  return { sim, requests, outcomes, tiers, source, links, incidentLog, availability: meter, hostClusters, recovery, autoscalers };
}
