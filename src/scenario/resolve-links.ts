/**
 * Resolution of what a link does besides latency and bandwidth (loss,
 * retransmission and connect timeouts), and of incidents that partition a
 * link.
 */
import type { Collector, Path } from './collector.js';
import type { IncidentTarget, ResolvedLink } from './resolved.js';
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
