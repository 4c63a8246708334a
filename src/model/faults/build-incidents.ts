/** Assembly of the scheduled incidents: each scenario incident resolved to what it takes down (servers, a host, a link, a balancer). */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import type { RequestPath } from '../flow/build-flow.js';
import type { IncidentLog } from '../meters/incident-log.js';
import type { Server } from '../stations/server.js';
import type { StateWatch } from '../stations/state-watch.js';
import type { Tier } from '../stations/tier.js';
import type { HostCluster } from './hosts.js';
import { Incidents, type IncidentTargets } from './incidents.js';
import { serversOnMachines } from './build-machines.js';

export interface IncidentScope {
  tiers: readonly Tier[];
  allServers: readonly Server[];
  hostClusters: readonly HostCluster[];
  path: RequestPath;
  incidentLog: IncidentLog;
  watch: StateWatch;
}

export function addIncidents(sim: Simulation, scenario: ResolvedScenario, scope: IncidentScope): void {
  if (scenario.incidents.length === 0) return;
  const targets = incidentTargets(sim, scenario, scope);
  for (const target of targets) for (const s of target.servers) s.mortal = true;
  sim.add('incidents', (ctx) => new Incidents(ctx, scenario.incidents, targets, scope.incidentLog, scope.watch)).begin();
}

function incidentTargets(sim: Simulation, scenario: ResolvedScenario, scope: IncidentScope): IncidentTargets[] {
  const { tiers, allServers, hostClusters } = scope;
  const { links, linkTable } = scope.path;
  // Per server, the DNS operator's delay of its tier (Infinity where there is no DNS record to update).
  const dnsDelay = scenario.tiers.flatMap((t) => t.servers.map(() => (t.balancer === 'dns-round-robin' ? t.dnsUpdateSeconds : Infinity)));
  const withDns = (servers: Server[], target: string): IncidentTargets => {
    const delays = servers.map((s) => dnsDelay[s.globalId]!);
    return delays.some(Number.isFinite) ? { servers, dnsUpdateSeconds: delays, target } : { servers, target };
  };
  return scenario.incidents.map((inc): IncidentTargets => {
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
    if (t.kind === 'machine') {
      return withDns([...serversOnMachines(scenario, allServers)[t.machine]![t.instance]!], `machine ${scenario.machines![t.machine]!.name}-${t.instance + 1}`);
    }
    if (t.kind === 'link') {
      const link = links[t.link]!;
      return { servers: [], partition: (on: boolean) => linkTable.partition(link, on, sim.clock.now), target: `link ${scenario.sites[link.siteA]}–${scenario.sites[link.siteB]}` };
    }
    return { servers: [], balancerOf: tiers[t.tier]!, target: `balancer ${tiers[t.tier]!.name}` };
  });
}
