/**
 * The topology of a resolved scenario as plain data, for the report's
 * diagram and the links table: sites, links with latency and bandwidth,
 * tiers with their servers per site, balancers, databases and the
 * direction of replication.
 */
import type { ResolvedScenario } from '../scenario/resolved.js';

export interface TopologyTier {
  name: string;
  balancer: string;
  /** Servers per site, by site index. */
  serversBySite: number[];
  /** "async", "galera", "master-master", "object-storage", or null for a tier without a database. */
  replication: string | null;
  /** Async replication: the master's site index (writes flow from it to the slaves' sites). */
  masterSite: number | null;
}

export interface TopologyLink {
  siteA: string;
  siteB: string;
  /** Mean one-way latency [ms]. */
  latencyMs: number;
  /** Bandwidth [bit/s]; null when unlimited. */
  bandwidthBps: number | null;
}

export interface Topology {
  sites: string[];
  links: TopologyLink[];
  tiers: TopologyTier[];
}

export function topologyOf(scenario: ResolvedScenario): Topology {
  const sites = [...scenario.sites];
  return {
    sites,
    links: scenario.links.map((l) => ({
      siteA: sites[l.siteA]!,
      siteB: sites[l.siteB]!,
      latencyMs: l.latency.mean * 1000,
      bandwidthBps: Number.isFinite(l.bandwidthBps) ? l.bandwidthBps : null,
    })),
    tiers: scenario.tiers.map((t) => {
      const serversBySite = sites.map(() => 0);
      for (const s of t.servers) serversBySite[s.siteIndex]! += 1;
      const db = t.database;
      return {
        name: t.name,
        balancer: t.balancer,
        serversBySite,
        replication: db?.replication ?? null,
        masterSite: db?.replication === 'async' ? t.servers[db.masterIndex]!.siteIndex : null,
      };
    }),
  };
}
