/**
 * Resolution of random failures (MTBF/MTTR of servers, hosts and sites) and
 * of host groups (the physical hosts VMs run on, VMware HA).
 */
import { Exponential, type Distribution } from '../rng/distributions.js';
import { buildDistribution } from './build-distribution.js';
import type { Collector, Path } from './collector.js';
import type { ResolvedFailures, ResolvedHostGroup, ResolvedServer } from './resolved.js';
import type { DistributionSpec, ScenarioParsed } from './schema.js';

type TimeToEvent = string | DistributionSpec;

/** A duration string is the mean of an exponential; an object is any distribution. */
export function resolveTimeToEvent(c: Collector, path: Path, spec: TimeToEvent): Distribution | undefined {
  if (typeof spec === 'string') {
    const mean = c.seconds(path, spec);
    if (!(mean > 0)) {
      if (Number.isFinite(mean)) c.error(path, `must be longer than zero, got ${JSON.stringify(spec)}`);
      return undefined;
    }
    return new Exponential(mean);
  }
  const d = buildDistribution(c, path, spec);
  if (d !== undefined && !(d.mean > 0)) {
    c.error(path, `the mean must be longer than zero, got ${d.describe()}`);
    return undefined;
  }
  return d;
}

export function resolveFailures(
  c: Collector,
  path: Path,
  spec: { mtbf: TimeToEvent; mttr: TimeToEvent; mode?: 'refuse' | 'vanish' } | undefined,
): ResolvedFailures | undefined {
  if (spec === undefined) return undefined;
  const timeToFailure = resolveTimeToEvent(c, [...path, 'mtbf'], spec.mtbf);
  const timeToRepair = resolveTimeToEvent(c, [...path, 'mttr'], spec.mttr);
  return timeToFailure && timeToRepair ? { timeToFailure, timeToRepair, ...(spec.mode === 'vanish' ? { vanish: true } : {}) } : undefined;
}

export function resolveHostGroups(c: Collector, hosts: ScenarioParsed['hosts'], siteNames: readonly string[]): ResolvedHostGroup[] {
  return Object.entries(hosts ?? {}).map(([name, h]) => {
    const path: Path = ['hosts', name];
    c.reference([...path, 'site'], h.site, siteNames, 'site');
    const failures = resolveFailures(c, [...path, 'failures'], h.failures);
    const haRestart = h.ha ? resolveTimeToEvent(c, [...path, 'ha', 'restart'], h.ha.restart) : undefined;
    return {
      name,
      siteIndex: siteNames.indexOf(h.site),
      count: h.count,
      capacity: h.capacity ?? Infinity,
      ...(failures ? { failures } : {}),
      ...(haRestart ? { haRestart } : {}),
    };
  });
}

/**
 * Place the VMs on their hosts (each on the host of its group with the most
 * room left, lowest index first: DRS spreading them) and check that they
 * fit and live in their hosts' site.
 */
export function placeVms(
  c: Collector,
  groups: readonly ResolvedHostGroup[],
  vms: ReadonlyArray<{ path: Path; server: ResolvedServer }>,
  siteNames: readonly string[],
): void {
  const free = groups.map((g) => new Array<number>(g.count).fill(g.capacity));
  for (const { path, server } of vms) {
    const p = server.placement!;
    const g = groups[p.group]!;
    if (server.siteIndex >= 0 && g.siteIndex >= 0 && server.siteIndex !== g.siteIndex) {
      c.error([...path, 'site'], `these VMs run on hosts "${g.name}" in ${siteNames[g.siteIndex]}, not in ${siteNames[server.siteIndex]}`, `set "site": "${siteNames[g.siteIndex]}"`);
    }
    const room = free[p.group]!;
    let best = 0;
    for (let h = 1; h < room.length; h++) if (room[h]! > room[best]!) best = h;
    if (room[best]! < p.size) {
      c.error([...path, 'host'], `no host of "${g.name}" has room for ${server.name} (size ${p.size}; ${g.count} hosts of capacity ${g.capacity})`, 'add hosts, raise "capacity" or lower "size"');
      return;
    }
    room[best]! -= p.size;
    p.host = best;
  }
}
