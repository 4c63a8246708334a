/** Resolution of one tier: its servers (one per instance of each group), balancer, service times, checks, cache, database, autoscaling. */
import type { Collector, Path } from './collector.js';
import { builtCount, resolveAutoscaling } from './resolve-elastic.js';
import { resolveFailures } from './resolve-failures.js';
import { resolveByKey } from './resolve-fanout.js';
import { resolveHaproxy } from './resolve-haproxy.js';
import { perClassDistributions, resolveCache, resolveDatabase, resolveHealthCheck } from './resolve-infrastructure.js';
import { readsOf, resolveReads } from './resolve-reads.js';
import type { ResolvedClass, ResolvedServer, ResolvedTier } from './resolved.js';
import type { ScenarioParsed } from './schema.js';

type TierSpec = ScenarioParsed['tiers'][string];

/** What a tier's resolution needs from the rest of the scenario; `vms` collects the servers placed on hosts. */
export interface TierScope {
  siteNames: readonly string[];
  hostGroupNames: readonly string[];
  classes: readonly ResolvedClass[];
  classNames: readonly string[];
  /** This tier's index in the scenario's tier order. */
  tierIndex: number;
  vms: Array<{ path: Path; server: ResolvedServer }>;
}

export function resolveTier(c: Collector, tierName: string, t: TierSpec, scope: TierScope): ResolvedTier {
  const { siteNames, classes, classNames } = scope;
  const tpath: Path = ['tiers', tierName];
  const servers = resolveServers(c, tierName, t, tpath, scope);
  checkDiscipline(c, t, tpath, servers);

  // Service time: one distribution for every class, or one per class name.
  const visiting = classes.map((k, i) => (k.path.includes(scope.tierIndex) ? i : -1)).filter((i) => i >= 0);
  const byClass = perClassDistributions(c, [...tpath, 'serviceTime'], t.serviceTime, classes, classNames, visiting, tierName);
  if (visiting.length === 0) c.warn(tpath, `no request class goes through tier "${tierName}"`, 'add it to a class\'s "path" or remove it');

  const healthCheck = t.healthCheck ? resolveHealthCheck(c, [...tpath, 'healthCheck'], t.healthCheck) : undefined;
  if (healthCheck && t.healthCheck?.from !== undefined && c.reference([...tpath, 'healthCheck', 'from'], t.healthCheck.from, siteNames, 'site')) {
    healthCheck.fromSite = siteNames.indexOf(t.healthCheck.from);
  }
  const haproxy = resolveHaproxy(c, tpath, t);
  checkBalancer(c, t, tpath);
  const cache = t.cache ? resolveCache(c, [...tpath, 'cache'], t.cache, classes, classNames, visiting, tierName) : undefined;
  const database = t.database ? resolveReads(c, [...tpath, 'database'], readsOf(t.database), resolveDatabase(c, [...tpath, 'database'], t.database, servers, siteNames), classNames) : undefined;
  const autoscaling = t.autoscaling ? resolveAutoscaling(c, [...tpath, 'autoscaling'], t, tierName) : undefined;
  // Elastic VMs on hosts beyond the initial ones take no room until they are powered on.
  for (const si of autoscaling?.serverIndices.slice(autoscaling.initial) ?? []) {
    const p = servers[si]?.placement;
    if (p) p.startsOff = true;
  }

  return {
    name: tierName,
    ...(t.description !== undefined ? { description: t.description } : {}),
    balancer: typeof t.balancer !== 'string' ? 'by-key' : t.database && t.balancer === 'round-robin' ? 'site-local' : t.balancer,
    ...(typeof t.balancer !== 'string' ? { byKey: resolveByKey(c, tpath, t.balancer, classes, scope.tierIndex, t.database !== undefined) } : {}),
    dnsTtlSeconds: c.seconds([...tpath, 'dnsTtl'], t.dnsTtl),
    dnsUpdateSeconds: t.dnsUpdate === undefined ? Infinity : c.seconds([...tpath, 'dnsUpdate'], t.dnsUpdate),
    discipline: t.discipline,
    hold: t.hold,
    balancerRedundancy: {
      kind: t.balancerRedundancy?.kind ?? 'single',
      takeoverSeconds: t.balancerRedundancy ? c.seconds([...tpath, 'balancerRedundancy', 'takeover'], t.balancerRedundancy.takeover) : 0,
    },
    ...(healthCheck ? { healthCheck } : {}),
    ...(haproxy ? { haproxy } : {}),
    servers,
    serviceTimeByClass: byClass,
    ...(cache ? { cache } : {}),
    ...(database ? { database } : {}),
    ...(autoscaling ? { autoscaling } : {}),
  };
}

/** One server per instance of each group (an elastic group builds all its possible instances), named "<tier>/<group>[-k]". */
function resolveServers(c: Collector, tierName: string, t: TierSpec, tpath: Path, scope: TierScope): ResolvedServer[] {
  const { siteNames, hostGroupNames, vms } = scope;
  const servers: ResolvedServer[] = [];
  const seen = new Set<string>();
  t.servers.forEach((g, gi) => {
    const gpath: Path = [...tpath, 'servers', gi];
    c.reference([...gpath, 'site'], g.site, siteNames, 'site');
    const failures = resolveFailures(c, [...gpath, 'failures'], g.failures);
    const group = g.host === undefined ? -1 : hostGroupNames.indexOf(g.host);
    if (g.host !== undefined) c.reference([...gpath, 'host'], g.host, hostGroupNames, 'host group');
    else if (g.faultTolerant) c.error([...gpath, 'faultTolerant'], 'Fault Tolerance keeps a shadow VM on another host: it needs "host"', 'add "host": "<host group>"');
    const built = builtCount(t, g); // an elastic group builds all its possible instances
    for (let k = 1; k <= built; k++) {
      const local = built === 1 ? g.name : `${g.name}-${k}`;
      if (seen.has(local)) c.error([...tpath, 'servers', gi, 'name'], `two servers of tier "${tierName}" are named "${local}"`);
      seen.add(local);
      servers.push({
        name: `${tierName}/${local}`,
        site: g.site,
        siteIndex: siteNames.indexOf(g.site),
        ...(g.hardware !== undefined ? { hardware: g.hardware } : {}),
        slots: g.slots,
        cores: g.cores ?? g.slots,
        queueLimit: g.queueLimit === 'unbounded' ? Infinity : g.queueLimit,
        speed: g.speed,
        weight: g.weight,
        ...(failures ? { failures } : {}),
        ...(group >= 0 ? { placement: { group, size: g.size, faultTolerant: g.faultTolerant, host: -1 } } : {}),
      });
      if (group >= 0) vms.push({ path: gpath, server: servers[servers.length - 1]! });
    }
  });
  return servers;
}

/** Processor sharing, cores and weights that fit the tier's discipline and balancer. */
function checkDiscipline(c: Collector, t: TierSpec, tpath: Path, servers: readonly ResolvedServer[]): void {
  if (t.discipline === 'fifo') {
    t.servers.forEach((g, gi) => {
      if (g.cores !== undefined) c.error([...tpath, 'servers', gi, 'cores'], '"cores" only matters with "discipline": "ps"', 'remove it, or set the tier\'s discipline to "ps"');
    });
  }
  if (t.balancer === 'weighted-round-robin' && !servers.some((s) => s.weight > 0)) {
    c.error([...tpath, 'servers'], 'weighted round-robin needs at least one server with a weight above zero');
  }
}

/** DNS round-robin, object storage and site-local routing: the combinations that make sense. */
function checkBalancer(c: Collector, t: TierSpec, tpath: Path): void {
  if (t.dnsUpdate !== undefined && t.balancer !== 'dns-round-robin') {
    c.error([...tpath, 'dnsUpdate'], '"dnsUpdate" only applies to "balancer": "dns-round-robin"', 'remove it');
  }
  if (t.balancer === 'dns-round-robin' && t.healthCheck) {
    c.error([...tpath, 'healthCheck'], 'DNS round-robin has no health checks: clients keep their cached address', 'remove "healthCheck", or put a balancer with checks in front');
  }
  if (t.hold && t.database?.replication === 'object-storage') c.error([...tpath, 'hold'], 'an object-storage tier cannot hold slots (its replica writes end there)', 'remove "hold"');
  if (t.balancer === 'site-local' && t.database === undefined) {
    c.error([...tpath, 'balancer'], '"site-local" routing is for database tiers', 'add a "database" section or choose another balancer');
  }
}
