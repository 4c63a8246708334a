/**
 * Resolution of random failures (MTBF/MTTR of servers, hosts and sites) and
 * of host groups (the physical hosts VMs run on, VMware HA).
 */
import { Exponential, type Distribution } from '../rng/distributions.js';
import { buildDistribution } from './build-distribution.js';
import type { Collector, Path } from './collector.js';
import type { ResolvedFailures, ResolvedHostGroup } from './resolved.js';
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
