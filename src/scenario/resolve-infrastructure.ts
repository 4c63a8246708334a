/**
 * Resolution of the infrastructure parts of a tier (health checks, caches,
 * databases) and of scheduled incidents.
 */
import { instantSeconds } from './resolve-calendar.js';
import { clockTimeSeconds, isClockTime } from './clock-time.js';
import type { WEEKDAYS } from './weekdays.js';
import type { Distribution } from '../rng/distributions.js';
import { buildDistribution } from './build-distribution.js';
import type { Collector, Path } from './collector.js';
import type {
  IncidentTarget,
  ResolvedCache,
  ResolvedClass,
  ResolvedDatabase,
  ResolvedHealthCheck,
  ResolvedHostGroup,
  ResolvedIncident,
  ResolvedLink,
  ResolvedServer,
  ResolvedTier,
} from './resolved.js';
import type { DistributionSpec, ScenarioParsed } from './schema.js';
import { resolveLinkIncident } from './resolve-links.js';
import { resolveGaleraExtras, resolveStorageDatabase } from './resolve-storage.js';

type TierSpec = ScenarioParsed['tiers'][string];

export function resolveHealthCheck(c: Collector, path: Path, h: NonNullable<TierSpec['healthCheck']>): ResolvedHealthCheck {
  const intervalSeconds = c.seconds([...path, 'interval'], h.interval);
  const timeoutSeconds = c.seconds([...path, 'timeout'], h.timeout);
  if (!(intervalSeconds > 0)) c.error([...path, 'interval'], `must be longer than zero, got ${JSON.stringify(h.interval)}`);
  if (timeoutSeconds > intervalSeconds) {
    c.error([...path, 'timeout'], `a probe timeout (${h.timeout}) longer than the interval (${h.interval}) would overlap the next probe`);
  }
  return { intervalSeconds, timeoutSeconds, rise: h.rise, fall: h.fall };
}

export function perClassDistributions(
  c: Collector,
  path: Path,
  spec: TierSpec['serviceTime'],
  classes: readonly ResolvedClass[],
  classNames: readonly string[],
  visiting: readonly number[],
  tierName: string,
): Array<Distribution | undefined> {
  const byClass: Array<Distribution | undefined> = classes.map(() => undefined);
  if ('dist' in spec) {
    const d = buildDistribution(c, path, spec as DistributionSpec);
    for (const i of visiting) byClass[i] = d;
    return byClass;
  }
  const perClass = spec as Record<string, DistributionSpec>;
  for (const [cls, s] of Object.entries(perClass)) {
    if (!c.reference([...path, cls], cls, classNames, 'request class')) continue;
    byClass[classNames.indexOf(cls)] = buildDistribution(c, [...path, cls], s);
  }
  for (const i of visiting) {
    if (!(classes[i]!.name in perClass)) {
      c.error(path, `class "${classes[i]!.name}" goes through tier "${tierName}" but has no ${path[path.length - 1] === 'hitServiceTime' ? 'hit service time' : 'service time'} here`, `add "${classes[i]!.name}": { "dist": … }`);
    }
  }
  return byClass;
}

export function resolveCache(
  c: Collector,
  path: Path,
  cache: NonNullable<TierSpec['cache']>,
  classes: readonly ResolvedClass[],
  classNames: readonly string[],
  visiting: readonly number[],
  tierName: string,
): ResolvedCache {
  const hitRatioByClass = classes.map(() => 0);
  if (typeof cache.hitRatio === 'number') {
    for (const i of visiting) hitRatioByClass[i] = cache.hitRatio;
  } else {
    for (const [cls, r] of Object.entries(cache.hitRatio)) {
      if (c.reference([...path, 'hitRatio', cls], cls, classNames, 'request class')) hitRatioByClass[classNames.indexOf(cls)] = r;
    }
  }
  const hitServiceByClass = perClassDistributions(
    c,
    [...path, 'hitServiceTime'],
    cache.hitServiceTime,
    classes,
    classNames,
    visiting.filter((i) => hitRatioByClass[i]! > 0),
    tierName,
  );
  return { hitRatioByClass, hitServiceByClass, warmupSeconds: c.seconds([...path, 'warmup'], cache.warmup) };
}

export function resolveDatabase(
  c: Collector,
  path: Path,
  db: NonNullable<TierSpec['database']>,
  servers: readonly ResolvedServer[],
  siteNames: readonly string[],
): ResolvedDatabase | undefined {
  if (db.replication === 'master-master' || db.replication === 'object-storage') return resolveStorageDatabase(c, path, db, servers);
  if (db.replication === 'async') {
    const local = servers.map((s) => s.name.slice(s.name.indexOf('/') + 1));
    if (!c.reference([...path, 'master'], db.master, local, 'server')) return undefined;
    const applyTime = buildDistribution(c, [...path, 'applyTime'], db.applyTime);
    if (!applyTime) return undefined;
    return { replication: 'async', masterIndex: local.indexOf(db.master), applyTime, writeBytes: c.bytes([...path, 'writeSize'], db.writeSize) };
  }
  const arbitrators = db.arbitrators.map((a, i) => {
    c.reference([...path, 'arbitrators', i, 'site'], a.site, siteNames, 'site');
    return { name: a.name, siteIndex: siteNames.indexOf(a.site), weight: a.weight };
  });
  return { replication: 'galera', arbitrators, certificationSeconds: c.seconds([...path, 'certification'], db.certification), ...resolveGaleraExtras(c, path, db) };
}

export function resolveIncidents(
  c: Collector,
  incidents: NonNullable<ScenarioParsed['incidents']>,
  siteNames: readonly string[],
  tiers: readonly ResolvedTier[],
  hostGroups: readonly ResolvedHostGroup[] = [],
  links: readonly ResolvedLink[] = [],
  calendar: { startsAt: string; startDay: (typeof WEEKDAYS)[number] } = { startsAt: '00:00', startDay: 'monday' },
): ResolvedIncident[] {
  const hostNames = hostGroups.flatMap((g) => Array.from({ length: g.count }, (_, k) => `${g.name}-${k + 1}`));
  const allServers = tiers.flatMap((t) => t.servers.map((s) => s.name));
  const out: ResolvedIncident[] = [];
  incidents.forEach((inc, i) => {
    const path: Path = ['incidents', i];
    const targets = [inc.server, inc.site, inc.balancer, inc.host, inc.tier, inc.link].filter((x) => x !== undefined);
    if (targets.length !== 1) {
      c.error(path, `name exactly one of "server", "host", "tier", "site", "balancer" or "link", got ${targets.length}`);
      return;
    }
    let target: IncidentTarget | undefined;
    if (inc.server !== undefined) {
      if (c.reference([...path, 'server'], inc.server, allServers, 'server')) {
        const tier = tiers.findIndex((t) => t.servers.some((s) => s.name === inc.server));
        target = { kind: 'server', tier, server: tiers[tier]!.servers.findIndex((s) => s.name === inc.server) };
      }
    } else if (inc.site !== undefined) {
      if (c.reference([...path, 'site'], inc.site, siteNames, 'site')) target = { kind: 'site', site: siteNames.indexOf(inc.site) };
    } else if (inc.host !== undefined) {
      if (c.reference([...path, 'host'], inc.host, hostNames, 'host')) {
        const dash = inc.host.lastIndexOf('-');
        target = { kind: 'host', group: hostGroups.findIndex((g) => g.name === inc.host!.slice(0, dash)), host: Number(inc.host.slice(dash + 1)) - 1 };
      }
    } else if (inc.tier !== undefined) {
      const names = tiers.map((t) => t.name);
      if (c.reference([...path, 'tier'], inc.tier, names, 'tier')) target = { kind: 'tier', tier: names.indexOf(inc.tier) };
    } else if (inc.balancer !== undefined) {
      const names = tiers.map((t) => t.name);
      if (c.reference([...path, 'balancer'], inc.balancer, names, 'tier')) target = { kind: 'balancer', tier: names.indexOf(inc.balancer) };
    } else if (inc.link !== undefined) {
      target = resolveLinkIncident(c, [...path, 'link'], inc.link, siteNames, links);
    }
    const atSeconds = isClockTime(inc.at) ? clockTimeSeconds(inc.at, calendar.startsAt, calendar.startDay) : instantSeconds(c, [...path, 'at'], inc.at);
    const forSeconds = inc.for === undefined ? Infinity : c.seconds([...path, 'for'], inc.for);
    if (target) {
      out.push({
        atSeconds,
        forSeconds,
        target,
        description:
          inc.description ??
          inc.server ??
          inc.host ??
          (inc.tier !== undefined ? `every server of ${inc.tier}` : undefined) ??
          inc.site ??
          (inc.balancer !== undefined ? `balancer of ${inc.balancer}` : inc.link !== undefined ? `link ${inc.link.join('–')} partitioned` : ''),
        ...(inc.destroysData ? { destroysData: true } : {}),
      });
    }
  });
  return out;
}
