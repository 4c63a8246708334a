/**
 * Resolution of bandwidth as a resource: servers' network cards (a group's
 * `nic`, else its tier's), the tier's `holdsWorkerDuringTransfer`, sites'
 * access links, and each class's sizes per hop. Runs after the tiers and
 * classes are resolved and completes them in place (only where the scenario
 * uses these fields: the resolved objects of other scenarios are unchanged).
 */
import type { Collector, Path } from './collector.js';
import { builtCount } from './resolve-elastic.js';
import type { ResolvedClass, ResolvedTier } from './resolved.js';
import type { ScenarioParsed } from './schema.js';
import { parseBandwidth, UnitError } from './units.js';

function bandwidthAt(c: Collector, path: Path, v: string): number | undefined {
  const bw = parseBandwidth(v);
  if (bw instanceof UnitError || !(bw > 0)) {
    c.error(path, `expected a bandwidth above zero such as "100Mbps", got ${JSON.stringify(v)}`);
    return undefined;
  }
  return bw;
}

/** Cards on the servers, and whether a tier's workers wait for them. */
function resolveCards(c: Collector, parsed: ScenarioParsed, tiers: ResolvedTier[]): void {
  for (const t of tiers) {
    const spec = parsed.tiers[t.name]!;
    const tpath: Path = ['tiers', t.name];
    const tierNic = spec.nic === undefined ? undefined : bandwidthAt(c, [...tpath, 'nic'], spec.nic);
    // Servers are built group by group, `count` (or the elastic maximum) each: walk them in the same order.
    let next = 0;
    spec.servers.forEach((g, gi) => {
      const nic = g.nic === undefined ? tierNic : bandwidthAt(c, [...tpath, 'servers', gi, 'nic'], g.nic);
      for (let k = builtCount(spec, g); k > 0 && next < t.servers.length; k--, next++) if (nic !== undefined) t.servers[next]!.nicBps = nic;
    });
    if (spec.holdsWorkerDuringTransfer === true) {
      if (!t.servers.some((s) => s.nicBps !== undefined)) c.error([...tpath, 'holdsWorkerDuringTransfer'], 'the workers can only wait for a network card: none of this tier\'s servers has a "nic"', 'add "nic": "100Mbps" to the tier or a server group');
      if (t.discipline === 'ps') c.error([...tpath, 'holdsWorkerDuringTransfer'], '"holdsWorkerDuringTransfer" is not supported with processor sharing yet', 'use "discipline": "fifo"');
      t.holdsWorkerDuringTransfer = true;
    }
  }
}

/** Per hop of each class's path: its request and response bytes, where `hops` overrides the class's sizes. */
function resolveHops(c: Collector, parsed: ScenarioParsed, classes: ResolvedClass[], tierNames: readonly string[]): void {
  for (const k of classes) {
    const hops = parsed.traffic.classes[k.name]?.hops;
    if (hops === undefined) continue;
    const hpath: Path = ['traffic', 'classes', k.name, 'hops'];
    const onPath = k.path.map((ti) => tierNames[ti]!);
    for (const tier of Object.keys(hops)) {
      if (!onPath.includes(tier)) c.error([...hpath, tier], `tier "${tier}" is not on this class's path (${onPath.join(', ') || 'empty'})`, 'name a tier of "path"');
    }
    const size = (tier: string, field: 'requestSize' | 'responseSize', fallback: number): number => {
      const v = hops[tier]?.[field];
      return v === undefined ? fallback : c.bytes([...hpath, tier, field], v);
    };
    k.hopRequestBytes = onPath.map((tier) => size(tier, 'requestSize', k.requestBytes));
    k.hopResponseBytes = onPath.map((tier) => size(tier, 'responseSize', k.responseBytes));
  }
}

/** Sites' access links [bit/s], or undefined when no site has one. */
function resolveAccess(c: Collector, parsed: ScenarioParsed, siteNames: readonly string[]): Array<number | undefined> | undefined {
  const access = siteNames.map((name) => {
    const a = parsed.sites[name]!.access;
    return a === undefined ? undefined : bandwidthAt(c, ['sites', name, 'access', 'bandwidth'], a.bandwidth);
  });
  return access.some((a) => a !== undefined) ? access : undefined;
}

export function resolveBandwidth(
  c: Collector,
  parsed: ScenarioParsed,
  scope: { siteNames: readonly string[]; tierNames: readonly string[]; classes: ResolvedClass[]; tiers: ResolvedTier[] },
): { siteAccessBps?: Array<number | undefined> } {
  resolveCards(c, parsed, scope.tiers);
  resolveHops(c, parsed, scope.classes, scope.tierNames);
  const siteAccessBps = resolveAccess(c, parsed, scope.siteNames);
  return siteAccessBps ? { siteAccessBps } : {};
}
