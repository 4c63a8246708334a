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
): IncidentTarget | undefined {
  const ok = between.map((s, j) => c.reference([...path, j], s, siteNames, 'site'));
  if (!ok[0] || !ok[1]) return undefined;
  const a = siteNames.indexOf(between[0]);
  const b = siteNames.indexOf(between[1]);
  const index = links.findIndex((l) => (l.siteA === a && l.siteB === b) || (l.siteA === b && l.siteB === a));
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

  return links;
}
