/**
 * Resolution of a tier's `autoscaling` section, of server groups' prices and
 * of the top-level `cost` section.
 */
import { instantSeconds } from './resolve-calendar.js';
import { buildDistribution } from './build-distribution.js';
import type { Collector, Path } from './collector.js';
import type { ResolvedAutoscaling, ResolvedCost, ResolvedPricedGroup, ResolvedScalingPolicy } from './resolved-elastic.js';
import type { ResolvedTier } from './resolved.js';
import type { ScenarioParsed } from './schema.js';

type TierSpec = ScenarioParsed['tiers'][string];
type GroupSpec = TierSpec['servers'][number];

/**
 * How many servers a group builds: its `count`, or the autoscaler's `max`
 * for the elastic group (every possible instance exists from the start, off,
 * so each has a stable name and random stream).
 */
export function builtCount(tier: TierSpec, group: GroupSpec): number {
  const a = tier.autoscaling;
  return a !== undefined && a.group === group.name ? Math.max(group.count, a.max) : group.count;
}

/** Indices in the tier's server list of each group's servers. */
function groupIndices(tier: TierSpec): number[][] {
  let next = 0;
  return tier.servers.map((g) => Array.from({ length: builtCount(tier, g) }, () => next++));
}

export function resolveAutoscaling(c: Collector, path: Path, tier: TierSpec, tierName: string): ResolvedAutoscaling | undefined {
  const a = tier.autoscaling!;
  const names = tier.servers.map((g) => g.name);
  if (!c.reference([...path, 'group'], a.group, names, 'server group')) return undefined;
  const gi = names.indexOf(a.group);
  const group = tier.servers[gi]!;
  const initial = a.initial ?? group.count;
  const boundsOk = checkBounds(c, path, a, initial, tierName, gi);
  const supported = checkSupported(c, path, tier, tierName, gi);
  const periodSeconds = c.seconds([...path, 'period'], a.period);
  if (!(periodSeconds > 0)) c.error([...path, 'period'], `must be longer than zero, got ${JSON.stringify(a.period)}`);
  const policies = a.policies.map((p, i) => resolvePolicy(c, [...path, 'policies', i], p));
  const scheduled = resolveScheduled(c, path, a.scheduled, builtCount(tier, group));
  if (policies.length === 0 && scheduled.length === 0) {
    c.warn(path, `no policy and no scheduled action: the group "${a.group}" keeps ${initial} instances`, 'add a policy such as { "metric": "utilisation", "scaleOutAbove": 0.7 }');
  }
  const provisioning = buildDistribution(c, [...path, 'provisioning'], a.provisioning as Parameters<typeof buildDistribution>[2]);
  if (!boundsOk || !supported || !provisioning) return undefined;
  return {
    group: a.group,
    serverIndices: groupIndices(tier)[gi]!,
    initial,
    min: a.min,
    max: a.max,
    periodSeconds,
    policies,
    scaleOutCooldownSeconds: c.seconds([...path, 'cooldown', 'scaleOut'], a.cooldown.scaleOut),
    scaleInCooldownSeconds: c.seconds([...path, 'cooldown', 'scaleIn'], a.cooldown.scaleIn),
    provisioning,
    drainSeconds: c.seconds([...path, 'drain'], a.drain),
    scheduled,
  };
}

type AutoscalingSpec = NonNullable<TierSpec['autoscaling']>;

/** min ≤ max, and the group starts inside [min, max]. */
function checkBounds(c: Collector, path: Path, a: AutoscalingSpec, initial: number, tierName: string, gi: number): boolean {
  let ok = true;
  if (a.min > a.max) {
    c.error([...path, 'min'], `the minimum (${a.min}) is above the maximum (${a.max})`, 'lower "min" or raise "max"');
    ok = false;
  }
  if (initial > a.max || initial < a.min) {
    c.error(
      a.initial !== undefined ? [...path, 'initial'] : ['tiers', tierName, 'servers', gi, 'count'],
      `the elastic group "${a.group}" starts with ${initial} instances, outside the autoscaling bounds [${a.min}, ${a.max}]`,
      `set "${a.initial !== undefined ? 'initial' : 'count'}" between ${a.min} and ${a.max}`,
    );
    ok = false;
  }
  return ok;
}

/** Combinations the model does not support, refused one by one. */
function checkSupported(c: Collector, path: Path, tier: TierSpec, tierName: string, gi: number): boolean {
  const refusals: Array<[boolean, Path, string, string]> = [
    [tier.database !== undefined, path, 'autoscaling a database tier is not supported (a new replica needs a copy of the data)', 'remove "autoscaling" from this tier'],
    [tier.balancer === 'dns-round-robin', path, 'autoscaling behind DNS round-robin is not modelled (clients keep cached addresses)', 'put a balancer with health checks in front'],
    [tier.balancer === 'ip-failover', path, 'a failover IP sends everything to one server: new instances would get no traffic', 'use a balancer that spreads the load'],
    [tier.drp !== undefined, path, 'autoscaling and a DRP site on the same tier are not modelled together', 'keep one of them'],
    [
      tier.servers[gi]!.host !== undefined,
      ['tiers', tierName, 'servers', gi, 'host'],
      'elastic instances placed on hosts are not modelled yet (powered-off instances would hold host capacity)',
      'remove "host" from the elastic group',
    ],
  ];
  let ok = true;
  for (const [refused, where, message, suggestion] of refusals) {
    if (!refused) continue;
    c.error([...where], message, suggestion);
    ok = false;
  }
  return ok;
}

function resolvePolicy(c: Collector, ppath: Path, p: AutoscalingSpec['policies'][number]): ResolvedScalingPolicy {
  if (p.scaleOutAbove === undefined && p.scaleInBelow === undefined) {
    c.error(ppath, 'a policy needs "scaleOutAbove", "scaleInBelow" or both', 'e.g. "scaleOutAbove": 0.7, "scaleInBelow": 0.3');
  }
  if (p.scaleOutAbove !== undefined && p.scaleInBelow !== undefined && p.scaleInBelow >= p.scaleOutAbove) {
    c.error([...ppath, 'scaleInBelow'], `the scale-in threshold (${p.scaleInBelow}) is not below the scale-out threshold (${p.scaleOutAbove}): the group would flap`, 'leave a gap between the two');
  }
  if (p.metric === 'utilisation' && p.scaleOutAbove !== undefined && p.scaleOutAbove >= 1) {
    c.warn([...ppath, 'scaleOutAbove'], `utilisation is at most 1, so a threshold of ${p.scaleOutAbove} never triggers`);
  }
  return { metric: p.metric, scaleOutAbove: p.scaleOutAbove ?? Infinity, scaleInBelow: p.scaleInBelow ?? -Infinity, step: p.step };
}

function resolveScheduled(c: Collector, path: Path, list: AutoscalingSpec['scheduled'], built: number): ResolvedAutoscaling['scheduled'] {
  return list.map((s, i) => {
    const spath: Path = [...path, 'scheduled', i];
    if (s.min === undefined && s.max === undefined && s.desired === undefined) c.error(spath, 'a scheduled action needs "min", "max" or "desired"');
    if (s.max !== undefined && s.max > built) c.error([...spath, 'max'], `at most ${built} instances are built (the autoscaling "max")`, `raise "max" to ${s.max}`);
    if (s.desired !== undefined && s.desired > built) c.error([...spath, 'desired'], `at most ${built} instances are built (the autoscaling "max")`, `raise "max" to ${s.desired}`);
    if (s.min !== undefined && s.max !== undefined && s.min > s.max) c.error([...spath, 'min'], `the minimum (${s.min}) is above the maximum (${s.max})`);
    return {
      atSeconds: instantSeconds(c, [...spath, 'at'], s.at),
      ...(s.min !== undefined ? { min: s.min } : {}),
      ...(s.max !== undefined ? { max: s.max } : {}),
      ...(s.desired !== undefined ? { desired: s.desired } : {}),
      description: s.description ?? 'scheduled',
    };
  });
}

/** Prices of the server groups and of the `cost` section; undefined when the scenario gives none. */
export function resolveCost(c: Collector, parsed: ScenarioParsed, tiers: readonly ResolvedTier[]): ResolvedCost | undefined {
  const groups: ResolvedPricedGroup[] = [];
  const cost = parsed.cost;
  Object.entries(parsed.tiers).forEach(([tierName, t], ti) => {
    const indices = groupIndices(t);
    t.servers.forEach((g, gi) => {
      const price = g.price;
      if (price === undefined) return;
      const path: Path = ['tiers', tierName, 'servers', gi, 'price'];
      const elastic = t.autoscaling?.group === g.name;
      if ((price.perMonth === undefined) === (price.perHour === undefined)) {
        c.error(path, 'give exactly one of "perMonth" (a rented server) and "perHour" (an instance billed per started hour)');
        return;
      }
      if (elastic && price.perMonth !== undefined) {
        c.error([...path, 'perMonth'], `the elastic group "${g.name}" starts and stops instances: price it "perHour"`, 'use "perHour"');
      }
      if (price.backup && cost?.backup === undefined) {
        c.error([...path, 'backup'], 'backed-up servers need a backup price', 'add "cost": { "backup": { "perVmMonth": 8.5 } }');
      }
      groups.push({
        tier: tierName,
        tierIndex: ti,
        group: g.name,
        serverIndices: indices[gi]!,
        elastic: elastic && tiers[ti]?.autoscaling !== undefined,
        perMonth: price.perMonth ?? 0,
        perHour: price.perHour ?? 0,
        setupFee: price.setupFee,
        backup: price.backup,
      });
    });
  });
  if (cost === undefined && groups.length === 0) return undefined;
  return {
    currency: cost?.currency ?? 'EUR',
    backupPerVmMonth: cost?.backup?.perVmMonth ?? 0,
    egressPerGB: cost?.egress?.perGB ?? 0,
    storage: (cost?.storage ?? []).map((s, i) => ({ name: s.name, gigabytes: c.bytes(['cost', 'storage', i, 'size'], s.size) / 1e9, perGBMonth: s.perGBMonth })),
    items: (cost?.items ?? []).map((x) => ({ name: x.name, perMonth: x.perMonth })),
    groups,
  };
}
