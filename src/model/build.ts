/**
 * Assembles a simulation from a resolved scenario, one concern at a time,
 * each from its own folder: the request path, the meters, the tiers with
 * their data roles, health checks and autoscalers, the traffic source,
 * hosts, failures and incidents, recovery, and the warm-up marker. Every
 * component is registered with the engine under a stable name.
 *
 * The order of the calls is part of the result: components that start at
 * the same instant fire in the order they began, so it stays as it is.
 */
import { Simulation } from '../engine/simulation.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { Database } from './data/database.js';
import { addGaleraBootstraps, buildDataRole } from './data/build-data.js';
import type { Autoscaler } from './elasticity/autoscaler.js';
import { addAutoscaler, addMachineCompanions } from './elasticity/build-autoscaler.js';
import { addRandomFailures } from './faults/build-failures.js';
import { addMoreFailures } from './faults/build-more-failures.js';
import { buildHostClusters, vmPowerControls } from './faults/build-hosts.js';
import { addIncidents } from './faults/build-incidents.js';
import type { HostCluster } from './faults/hosts.js';
import { buildRequestPath } from './flow/build-flow.js';
import type { RequestFlow } from './flow/request-flow.js';
import { fusePlainPath } from './flow/plain-path.js';
import { AvailabilityMeter } from './meters/availability-meter.js';
import { IncidentLog } from './meters/incident-log.js';
import { addStabilityMeter, type StabilityMeter } from './meters/stability-meter.js';
import { addWarmupMarker } from './meters/warmup-marker.js';
import { addWindowMeter, type BuiltWindows } from './meters/build-windows.js';
import { networkChannels, type NetworkChannel } from './meters/network-channels.js';
import { addHealthCheck } from './recovery/build-health-check.js';
import type { Link } from './network/link.js';
import { addCards } from './network/build-cards.js';
import type { FairShare } from './network/fair-share.js';
import { buildRecovery, type Recovery } from './recovery/recovery.js';
import type { Outcomes } from './request/outcomes.js';
import type { RequestTable } from './request/request-table.js';
import { buildSource } from './sources/build-source.js';
import { TrafficSource } from './sources/traffic-source.js';
import { buildTier, CorePools } from './stations/build-tier.js';
import { buildClosedSources, type ClosedSources } from './sources/build-closed.js';
import { bothWatches } from './stations/state-watch.js';
import type { Server } from './stations/server.js';
import type { Tier } from './stations/tier.js';

export interface BuiltModel {
  sim: Simulation;
  requests: RequestTable;
  outcomes: Outcomes;
  /** The request path (its consequence meters are read at the end). */
  flow: RequestFlow;
  /** Whether requests take the fused path (flow/plain-path.ts). */
  fused: boolean;
  tiers: Tier[];
  /** By tier index: the tier's database (undefined for a tier without one). */
  databases: Array<Database | undefined>;
  source: { generated: number };
  links: Link[];
  /** Every incident of the run, scheduled or random. */
  incidentLog: IncidentLog;
  availability: AvailabilityMeter;
  hostClusters: HostCluster[];
  recovery: Recovery;
  /** One per elastic server group, in tier order. */
  autoscalers: Autoscaler[];
  /** Requests inside each tier, sampled over the measured window (the stability verdict). */
  stability: StabilityMeter;
  /** The per-window series (closed by `finish` once the run is over). */
  windows: BuiltWindows;
  /** By global server id: its network card, undefined without one. */
  cards: Array<FairShare | undefined>;
  /** The network's measured channels (the order of the series' network columns). */
  network: NetworkChannel[];
  /** Closed populations and batches (none in most scenarios). */
  closed: ClosedSources;
}

export interface BuildOptions {
  /** Take the fused path where the model allows it (flow/plain-path.ts). Default true; false: always the general one (the tests compare both). */
  fusePlainPath?: boolean;
}

export function buildModel(scenario: ResolvedScenario, seed: number | string, options: BuildOptions = {}): BuiltModel {
  const sim = new Simulation(seed);
  const warmup = scenario.run.warmupSeconds;
  const path = buildRequestPath(sim, scenario);
  const incidentLog = new IncidentLog(path.outcomes, sim.clock);
  const meter = new AvailabilityMeter(sim.clock, warmup, scenario.classes, scenario.sites.length);
  // Both listen to every state change: the meter integrates availability, the log tells when each incident's service is back.
  const watch = bothWatches(meter, incidentLog);
  const writes = Uint8Array.from(scenario.classes, (c) => (c.write ? 1 : 0));
  const tiers: Tier[] = [];
  const allServers: Server[] = [];
  const databases: Array<Database | undefined> = [];
  const autoscalers: Autoscaler[] = [];
  const pools = new CorePools(); // machines carrying several tiers share their cores
  // Per tier, every concern in turn (the order in which components begin: see above).
  scenario.tiers.forEach((t, ti) => {
    const tier = buildTier(sim, t, ti, path.requests, path.flow, scenario.clients, warmup, allServers, pools);
    databases.push(buildDataRole(sim, scenario, t, tier, path, writes));
    addHealthCheck(sim, t, tier, incidentLog, watch, path.linkTable);
    const autoscaler = addAutoscaler(sim, t, tier, watch);
    if (autoscaler) autoscalers.push(autoscaler);
    tiers.push(tier);
  });
  addMachineCompanions(scenario, autoscalers, allServers); // autoscaling adds a whole machine, every tier on it
  path.flow.connect(tiers, allServers);
  const cards = addCards(sim, scenario, allServers);
  for (const s of allServers) s.watch = watch;
  addGaleraBootstraps(sim, scenario, tiers, databases);
  meter.connect(tiers, databases);
  incidentLog.connect(tiers, databases);
  const source = buildSource(sim, scenario, path.requests, path.flow);
  const hostClusters = buildHostClusters(sim, scenario, allServers, incidentLog);
  const vmPower = vmPowerControls(hostClusters);
  for (const a of autoscalers) a.placeOn(vmPower); // elastic VMs take room on hosts as they start
  addRandomFailures(sim, scenario, allServers, hostClusters, incidentLog);
  addIncidents(sim, scenario, { tiers, allServers, hostClusters, path, incidentLog, watch });
  const recovery = buildRecovery(sim, scenario, tiers, databases, watch, incidentLog);
  addMoreFailures(sim, scenario, {
    tiers,
    path,
    incidentLog,
    watch,
    monitorOf: (ti, of) => recovery.monitors.get(`${ti}:${of}`),
    arbitratorOf: (ti, k) => databases[ti]?.galera?.members.filter((m) => m.arbitrator)[k],
  });
  addWarmupMarker(sim, warmup, allServers, path.links);
  const stability = addStabilityMeter(sim, tiers, warmup, scenario.run.durationSeconds);
  // After the warm-up marker: at the measurement start it reads the integrals the marker has just reset.
  const network = networkChannels(scenario, { links: path.links, cards, accessIn: path.accessIn, accessOut: path.accessOut });
  const windows = addWindowMeter(sim, scenario, { outcomes: path.outcomes, source, tiers, databases, availability: meter, autoscalers, network });
  source.begin();
  const closed = buildClosedSources(sim, scenario, path.requests, path.flow);
  closed.begin();
  const { requests, outcomes, links } = path;
  // Last, once every server that can die is marked so: the fused path if the model is plain (flow/plain-path.ts).
  const plain = options.fusePlainPath === false ? undefined : fusePlainPath(scenario, { requests, outcomes, flow: path.flow, clock: sim.clock, tiers, allServers });
  if (plain !== undefined && source instanceof TrafficSource) source.enterBy(plain);
  return { sim, requests, outcomes, flow: path.flow, fused: plain !== undefined, tiers, databases, source, links, incidentLog, availability: meter, hostClusters, recovery, autoscalers, stability, windows, cards, network, closed };
}
