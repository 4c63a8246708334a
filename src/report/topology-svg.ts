/**
 * The topology as an SVG diagram, drawn from the resolved scenario: sites
 * as columns, one row per tier (its servers in that site, its balancer),
 * links between sites labelled with latency and bandwidth, and replication
 * arrows from an async master's site to its slaves' (both ways for Galera
 * and master–master). Every name is escaped.
 */
import { escapeHtml } from './html-escape.js';
import type { Topology } from './topology.js';

const SITE_WIDTH = 230;
const SITE_GAP = 130;
const ROW_HEIGHT = 46;
const MARGIN = 20;
/** Height of one lane of links above the sites [px]: each link gets its own lane, so links between distant sites never cross a box. */
const LANE = 18;

function bandwidthLabel(bps: number | null): string {
  if (bps === null) return 'unlimited';
  if (bps >= 1e9) return `${+(bps / 1e9).toPrecision(3)} Gbps`;
  if (bps >= 1e6) return `${+(bps / 1e6).toPrecision(3)} Mbps`;
  return `${+(bps / 1e3).toPrecision(3)} kbps`;
}

export function topologySvg(topology: Topology): string {
  const { sites, tiers } = topology;
  const width = MARGIN * 2 + sites.length * SITE_WIDTH + Math.max(0, sites.length - 1) * SITE_GAP;
  const boxTop = MARGIN + topology.links.length * LANE + (topology.links.length > 0 ? 8 : 0);
  const TOP = boxTop + 40;
  const height = TOP + tiers.length * ROW_HEIGHT + MARGIN;
  const siteX = (i: number): number => MARGIN + i * (SITE_WIDTH + SITE_GAP);
  const parts: string[] = [];
  sites.forEach((name, si) => {
    parts.push(
      `<g class="site"><rect x="${siteX(si)}" y="${boxTop}" width="${SITE_WIDTH}" height="${height - boxTop - MARGIN / 2}" rx="8" fill="#f4f6fa" stroke="#8892a6"/>`,
      `<text x="${siteX(si) + SITE_WIDTH / 2}" y="${boxTop + 22}" text-anchor="middle" font-weight="bold">${escapeHtml(name)}</text></g>`,
    );
  });
  parts.push(...linkParts(topology, siteX, boxTop));
  const rowY = (ti: number): number => TOP + ti * ROW_HEIGHT;
  tiers.forEach((t, ti) => {
    t.serversBySite.forEach((n, si) => {
      if (n === 0) return;
      const x = siteX(si) + 12;
      const y = rowY(ti);
      const role = t.replication === 'async' ? (t.masterSite === si ? ' master' : ' slave') : t.replication ? ` ${t.replication}` : '';
      parts.push(
        `<g class="tier"><rect x="${x}" y="${y}" width="${SITE_WIDTH - 24}" height="${ROW_HEIGHT - 10}" rx="5" fill="${t.replication ? '#fff4e0' : '#ffffff'}" stroke="#5a6477"/>`,
        `<text x="${x + 8}" y="${y + 16}">${escapeHtml(t.name)} × ${n}${escapeHtml(role)}</text>`,
        `<text x="${x + 8}" y="${y + 30}" font-size="10" fill="#5a6477">${escapeHtml(t.balancer)}</text></g>`,
      );
    });
  });
  parts.push(...replicationParts(topology, siteX, rowY));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="topology" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="12" role="img" aria-label="topology">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#c0392b"/></marker></defs>',
    ...parts,
    '</svg>',
  ].join('\n');
}

function linkParts(topology: Topology, siteX: (i: number) => number, boxTop: number): string[] {
  const index = new Map(topology.sites.map((s, i) => [s, i]));
  return topology.links.map((l, k) => {
    const a = index.get(l.siteA)!;
    const b = index.get(l.siteB)!;
    const y = MARGIN + k * LANE + 12;
    const x1 = siteX(Math.min(a, b)) + SITE_WIDTH / 2;
    const x2 = siteX(Math.max(a, b)) + SITE_WIDTH / 2;
    const label = `${escapeHtml(l.siteA)}–${escapeHtml(l.siteB)}: ${+l.latencyMs.toPrecision(3)} ms, ${bandwidthLabel(l.bandwidthBps)}`;
    return (
      `<g class="link"><path d="M${x1},${boxTop} V${y} H${x2} V${boxTop}" fill="none" stroke="#2c3e50" stroke-width="2"/>` +
      `<text x="${(x1 + x2) / 2}" y="${y - 3}" text-anchor="middle" font-size="10">${label}</text></g>`
    );
  });
}

function replicationParts(topology: Topology, siteX: (i: number) => number, rowY: (ti: number) => number): string[] {
  const parts: string[] = [];
  topology.tiers.forEach((t, ti) => {
    if (t.replication === null || t.replication === 'object-storage') return;
    const present = t.serversBySite.flatMap((n, si) => (n > 0 ? [si] : []));
    const sources = t.replication === 'async' && t.masterSite !== null ? [t.masterSite] : present;
    const y = rowY(ti) + (ROW_HEIGHT - 10) / 2;
    for (const from of sources) {
      for (const to of present) {
        if (to === from || (t.replication !== 'async' && to < from)) continue;
        const rightward = to > from;
        const x1 = siteX(from) + (rightward ? SITE_WIDTH - 12 : 12);
        const x2 = siteX(to) + (rightward ? 12 : SITE_WIDTH - 12);
        const both = t.replication !== 'async' ? ' marker-start="url(#arrow)"' : '';
        parts.push(`<line class="replication" x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="#c0392b" stroke-dasharray="5,3" marker-end="url(#arrow)"${both}/>`);
      }
    }
  });
  return parts;
}
