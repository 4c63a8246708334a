/**
 * Resolution of what a link does besides latency and bandwidth (loss,
 * retransmission and connect timeouts), and of incidents that partition a
 * link.
 */
import type { Collector, Path } from './collector.js';
import { Constant } from '../rng/distributions.js';
import type { IncidentTarget, ResolvedLink } from './resolved.js';
import { parseBandwidth, UnitError } from './units.js';
import type { ScenarioParsed } from './schema.js';

type LinkSpec = NonNullable<ScenarioParsed['links']>[number];

export function resolveLinkOptions(c: Collector, path: Path, link: LinkSpec): Pick<ResolvedLink, 'loss' | 'retransmitTimeoutSeconds' | 'connectTimeoutSeconds'> {
  const retransmitTimeoutSeconds = c.seconds([...path, 'retransmitTimeout'], link.retransmitTimeout);
  if (!(retransmitTimeoutSeconds > 0)) c.error([...path, 'retransmitTimeout'], `must be longer than zero, got ${JSON.stringify(link.retransmitTimeout)}`, 'Linux uses "200ms"');
  return { loss: link.loss, retransmitTimeoutSeconds, connectTimeoutSeconds: c.seconds([...path, 'connectTimeout'], link.connectTimeout) };
}

/** The link an incident names by its two sites (in either order), or undefined after reporting the problem. */
export function resolveLinkIncident(
  c: Collector,
  path: Path,
  between: readonly [string, string],
  siteNames: readonly string[],
  links: readonly ResolvedLink[],
  loop?: number,
): IncidentTarget | undefined {
  const ok = between.map((s, j) => c.reference([...path, j], s, siteNames, 'site'));
  if (!ok[0] || !ok[1]) return undefined;
  const a = siteNames.indexOf(between[0]);
  const b = siteNames.indexOf(between[1]);
  const index = links.findIndex((l) => (l.siteA === a && l.siteB === b) || (l.siteA === b && l.siteB === a));
  if (index >= 0 && links[index]!.loop !== undefined) return loopIncident(c, path, between, links, index, loop);
  if (loop !== undefined && index >= 0) c.error([...path.slice(0, -1), 'loop'], `the link between ${between[0]} and ${between[1]} has a single loop`, 'remove "loop", or give the link "count"');
  if (index < 0) {
    const declared = links.map((l) => `[${siteNames[l.siteA]}, ${siteNames[l.siteB]}]`).join(', ') || 'none';
    c.error(path, `no link is declared between ${between[0]} and ${between[1]} (declared: ${declared})`, 'name a link from "links", or declare this one');
    return undefined;
  }
  return { kind: 'link', link: index };
}

/** The scenario's links: two different sites each, one link per pair, latency and bandwidth. */
export function resolveLinks(c: Collector, parsed: ScenarioParsed, siteNames: readonly string[]): ResolvedLink[] {
  const links: ResolvedLink[] = [];
  const linked = new Set<string>();
  for (const [i, link] of (parsed.links ?? []).entries()) {
    const ok = link.between.map((s, j) => c.reference(['links', i, 'between', j], s, siteNames, 'site'));
    const [a, b] = link.between.map((s) => siteNames.indexOf(s)) as [number, number];
    if (ok[0] && ok[1] && a === b) c.error(['links', i, 'between'], `a link joins two different sites, got "${link.between[0]}" twice`);
    const key = [a, b].sort().join('-');
    if (linked.has(key)) c.error(['links', i, 'between'], `a second link between ${link.between.join(' and ')}`, 'merge them into one, or give it "count": 2 for redundant loops');
    linked.add(key);
    const latency = c.seconds(['links', i, 'latency'], link.latency);
    let bandwidthBps = Infinity;
    if (link.bandwidth !== undefined) {
      const bw = parseBandwidth(link.bandwidth);
      if (bw instanceof UnitError || !(bw > 0)) c.error(['links', i, 'bandwidth'], `expected a bandwidth above zero such as "1Gbps", got ${JSON.stringify(link.bandwidth)}`);
      else bandwidthBps = bw;
    }
    if (!(ok[0] && ok[1] && Number.isFinite(latency))) continue;
    const options = resolveLinkOptions(c, ['links', i], link);
    if (link.sharing === 'fair' && bandwidthBps === Infinity) c.error(['links', i, 'sharing'], '"fair" sharing needs a "bandwidth" to share', 'add "bandwidth", such as "10Gbps"');
    // Redundant loops (count > 1) are separate links with the same settings, numbered from 1.
    for (let loop = 1; loop <= link.count; loop++) {
      links.push({ siteA: a, siteB: b, latency: new Constant(latency), bandwidthBps, ...options, ...(link.sharing === 'fair' ? { sharing: 'fair' as const } : {}), ...(link.count > 1 ? { loop } : {}) });
    }
  }

  return links;
}

/** An incident on a link of several loops names one loop: the others keep carrying the crossings. */
function loopIncident(c: Collector, path: Path, between: readonly [string, string], links: readonly ResolvedLink[], first: number, loop: number | undefined): IncidentTarget | undefined {
  const count = links.filter((l) => l.siteA === links[first]!.siteA && l.siteB === links[first]!.siteB).length;
  const loopPath = [...path.slice(0, -1), 'loop'];
  if (loop === undefined) {
    c.error(loopPath, `the link between ${between[0]} and ${between[1]} has ${count} loops: name the one cut`, 'add "loop": 1 (or another loop number)');
    return undefined;
  }
  if (loop > count) {
    c.error(loopPath, `the link between ${between[0]} and ${between[1]} has ${count} loops, got loop ${loop}`, `use a loop from 1 to ${count}`);
    return undefined;
  }
  return { kind: 'link', link: first + loop - 1 };
}
