/**
 * Resolution: a shape-valid scenario → the plain typed objects the model
 * consumes, with semantic checks (references, ordering, capacity), every
 * problem collected rather than the first thrown.
 */
import { Constant } from '../rng/distributions.js';
import { MAX_HOLDS } from './limits.js';
import { resolveLinkOptions } from './resolve-links.js';
import type { ResolvedClass, ResolvedLink, ResolvedScenario, ResolvedServer, ResolvedTier } from './resolved.js';
import { checkOfferedLoad } from './offered-load.js';
import { checkSiteCrossings } from './site-crossings.js';
import { perClassDistributions, resolveCache, resolveDatabase, resolveHealthCheck, resolveIncidents } from './resolve-infrastructure.js';
import { parseBandwidth, UnitError } from './units.js';
import { placeVms, resolveFailures, resolveHostGroups } from './resolve-failures.js';
import { Collector, type Path } from './collector.js';
import { resolveTraffic } from './resolve-traffic.js';
import { resolveCalendar, resolveWindow } from './resolve-windows.js';
import { resolveRecovery } from './resolve-recovery.js';
import { builtCount, resolveAutoscaling, resolveCost } from './resolve-elastic.js';
import type { Problem } from './scenario-error.js';
import type { ScenarioParsed } from './schema.js';
import { resolveSlo, sloNamesOf } from './resolve-slo.js';
import { checkSizeLimits } from './size-limits.js';
import type { FileOf } from './zod-problems.js';

function peakRate(points: Array<[number, number]>): number {
  return points.reduce((m, [, r]) => Math.max(m, r), 0);
}

/**
 * Resolve a parsed scenario. Returns the scenario (when there is no error)
 * and every problem found, warnings included.
 */
export function resolveScenario(
  parsed: ScenarioParsed,
  file: string,
  fileOf: FileOf = () => file,
): { scenario?: ResolvedScenario; problems: Problem[] } {
  const c = new Collector(fileOf);
  if (!checkSizeLimits(c, parsed)) return { problems: c.problems }; // before anything is built
  const siteNames = Object.keys(parsed.sites);
  const tierNames = Object.keys(parsed.tiers);
  const classNames = Object.keys(parsed.traffic.classes);

  const durationSeconds = c.seconds(['run', 'duration'], parsed.run.duration);
  const warmupSeconds = c.seconds(['run', 'warmup'], parsed.run.warmup);
  if (!(durationSeconds > 0)) c.error(['run', 'duration'], `must be longer than zero, got ${JSON.stringify(parsed.run.duration)}`);
  if (warmupSeconds >= durationSeconds) {
    c.error(
      ['run', 'warmup'],
      `the warm-up (${parsed.run.warmup}) is not shorter than the run (${parsed.run.duration}): nothing would be measured`,
      'shorten "warmup" or lengthen "duration"',
    );
  }

  const windowSeconds = resolveWindow(c, parsed.run, durationSeconds - warmupSeconds);
  const calendar = resolveCalendar(parsed);

  const siteFailures = siteNames.map((name) => resolveFailures(c, ['sites', name, 'failures'], parsed.sites[name]!.failures));
  const hostGroups = resolveHostGroups(c, parsed.hosts, siteNames);
  const hostGroupNames = hostGroups.map((g) => g.name);
  const vms: Array<{ path: Path; server: ResolvedServer }> = [];

  const links: ResolvedLink[] = [];
  const linked = new Set<string>();
  for (const [i, link] of (parsed.links ?? []).entries()) {
    const ok = link.between.map((s, j) => c.reference(['links', i, 'between', j], s, siteNames, 'site'));
    const [a, b] = link.between.map((s) => siteNames.indexOf(s)) as [number, number];
    if (ok[0] && ok[1] && a === b) c.error(['links', i, 'between'], `a link joins two different sites, got "${link.between[0]}" twice`);
    const key = [a, b].sort().join('-');
    if (linked.has(key)) c.error(['links', i, 'between'], `a second link between ${link.between.join(' and ')}`, 'merge them into one');
    linked.add(key);
    const latency = c.seconds(['links', i, 'latency'], link.latency);
    let bandwidthBps = Infinity;
    if (link.bandwidth !== undefined) {
      const bw = parseBandwidth(link.bandwidth);
      if (bw instanceof UnitError || !(bw > 0)) c.error(['links', i, 'bandwidth'], `expected a bandwidth above zero such as "1Gbps", got ${JSON.stringify(link.bandwidth)}`);
      else bandwidthBps = bw;
    }
    if (ok[0] && ok[1] && Number.isFinite(latency)) links.push({ siteA: a, siteB: b, latency: new Constant(latency), bandwidthBps, ...resolveLinkOptions(c, ['links', i], link) });
  }

  if (classNames.length === 0) c.error(['traffic', 'classes'], 'at least one request class is needed');
  const classes: ResolvedClass[] = [];
  const totalShare = Object.values(parsed.traffic.classes).reduce((a, k) => a + k.share, 0);
  for (const [name, k] of Object.entries(parsed.traffic.classes)) {
    const path: number[] = [];
    k.path.forEach((tier, i) => {
      if (c.reference(['traffic', 'classes', name, 'path', i], tier, tierNames, 'tier')) path.push(tierNames.indexOf(tier));
    });
    const cpath: Path = ['traffic', 'classes', name];
    const timeoutSeconds = k.timeout === undefined ? Infinity : c.seconds([...cpath, 'timeout'], k.timeout);
    if (!(timeoutSeconds > 0)) c.error([...cpath, 'timeout'], `must be longer than zero, got ${JSON.stringify(k.timeout)}`);
    classes.push({
      name,
      share: k.share / totalShare,
      path,
      write: k.write,
      timeoutSeconds,
      retries: k.retries,
      retryAfterSeconds: c.seconds([...cpath, 'retryAfter'], k.retryAfter),
      requestBytes: c.bytes([...cpath, 'requestSize'], k.requestSize),
      responseBytes: c.bytes([...cpath, 'responseSize'], k.responseSize),
    });
  }

  const traffic = resolveTraffic(c, parsed.traffic, durationSeconds, classNames, fileOf);
  const peak = traffic.ratePoints ? peakRate(traffic.ratePoints) : NaN;

  const tiers: ResolvedTier[] = [];
  for (const [tierName, t] of Object.entries(parsed.tiers)) {
    const tpath: Path = ['tiers', tierName];
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
    if (t.hold && t.discipline === 'ps') {
      c.error([...tpath, 'hold'], '"hold" is not supported with processor sharing yet', 'use "discipline": "fifo" for a tier that holds its slots');
    }
    if (t.discipline === 'fifo') {
      t.servers.forEach((g, gi) => {
        if (g.cores !== undefined) c.error([...tpath, 'servers', gi, 'cores'], '"cores" only matters with "discipline": "ps"', 'remove it, or set the tier\'s discipline to "ps"');
      });
    }
    if (t.balancer === 'weighted-round-robin' && !servers.some((s) => s.weight > 0)) {
      c.error([...tpath, 'servers'], 'weighted round-robin needs at least one server with a weight above zero');
    }

    // Service time: one distribution for every class, or one per class name.
    const visiting = classes.map((k, i) => (k.path.includes(tiers.length) ? i : -1)).filter((i) => i >= 0);
    const byClass = perClassDistributions(c, [...tpath, 'serviceTime'], t.serviceTime, classes, classNames, visiting, tierName);
    if (visiting.length === 0) c.warn(tpath, `no request class goes through tier "${tierName}"`, 'add it to a class\'s "path" or remove it');

    const healthCheck = t.healthCheck ? resolveHealthCheck(c, [...tpath, 'healthCheck'], t.healthCheck) : undefined;
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
    const cache = t.cache ? resolveCache(c, [...tpath, 'cache'], t.cache, classes, classNames, visiting, tierName) : undefined;
    const database = t.database ? resolveDatabase(c, [...tpath, 'database'], t.database, servers, siteNames) : undefined;
    const autoscaling = t.autoscaling ? resolveAutoscaling(c, [...tpath, 'autoscaling'], t, tierName) : undefined;

    tiers.push({
      name: tierName,
      ...(t.description !== undefined ? { description: t.description } : {}),
      balancer: t.database && t.balancer === 'round-robin' ? 'site-local' : t.balancer,
      dnsTtlSeconds: c.seconds([...tpath, 'dnsTtl'], t.dnsTtl),
      dnsUpdateSeconds: t.dnsUpdate === undefined ? Infinity : c.seconds([...tpath, 'dnsUpdate'], t.dnsUpdate),
      discipline: t.discipline,
      hold: t.hold,
      balancerRedundancy: {
        kind: t.balancerRedundancy?.kind ?? 'single',
        takeoverSeconds: t.balancerRedundancy ? c.seconds([...tpath, 'balancerRedundancy', 'takeover'], t.balancerRedundancy.takeover) : 0,
      },
      ...(healthCheck ? { healthCheck } : {}),
      servers,
      serviceTimeByClass: byClass,
      ...(cache ? { cache } : {}),
      ...(database ? { database } : {}),
      ...(autoscaling ? { autoscaling } : {}),
    });
  }

  checkSiteCrossings(c, tiers, classes, links, siteNames);
  // Offered load at the peak rate against each tier's capacity (caches and holds count: see offered-load.ts).
  if (Number.isFinite(peak)) checkOfferedLoad(c, tiers, classes, links, peak);

  for (const k of classes) {
    const holding = k.path.slice(0, -1).filter((ti) => tiers[ti]?.hold).length;
    if (holding > MAX_HOLDS) {
      c.error(['traffic', 'classes', k.name, 'path'], `${holding} tiers on this path hold their slot; at most ${MAX_HOLDS} can`);
    }
  }

  placeVms(c, hostGroups, vms, siteNames);
  const incidents = resolveIncidents(c, parsed.incidents ?? [], siteNames, tiers, hostGroups, links, {
    startsAt: parsed.traffic.daily?.startsAt ?? '00:00',
    startDay: parsed.traffic.daily?.startDay ?? 'monday',
  });
  resolveRecovery(c, parsed, tiers, incidents);

  const cost = resolveCost(c, parsed, tiers);
  const slo = resolveSlo(c, parsed.slo, sloNamesOf(classNames, siteNames, tiers, cost));
  const problems = c.problems;
  if (problems.some((p) => p.severity === 'error')) return { problems };
  return {
    problems,
    scenario: {
      file,
      name: parsed.name,
      ...(parsed.description !== undefined ? { description: parsed.description } : {}),
      ...(parsed.source !== undefined ? { source: parsed.source } : {}),
      assumptions: parsed.assumptions ?? [],
      run: {
        durationSeconds,
        warmupSeconds,
        seed: parsed.run.seed,
        replications: parsed.run.replications,
        maxRequestsInSystem: parsed.run.maxRequestsInSystem,
        ...(windowSeconds !== undefined ? { windowSeconds } : {}),
      },
      ...(calendar ? { calendar } : {}),
      sites: siteNames,
      siteFailures,
      hostGroups,
      links,
      clients: parsed.traffic.clients,
      classes,
      ratePoints: traffic.ratePoints ?? [[0, 0]],
      ...(traffic.burstiness ? { burstiness: traffic.burstiness } : {}),
      ...(traffic.timestampTrace ? { timestampTrace: traffic.timestampTrace } : {}),
      tiers,
      incidents,
      slo,
      ...(cost ? { cost } : {}),
    },
  };
}
