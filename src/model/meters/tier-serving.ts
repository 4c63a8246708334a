import type { Database } from '../data/database.js';
import type { Tier } from '../stations/tier.js';

/**
 * Whether a tier serves all of its traffic again, as the incident log asks
 * it after a state change: its balancer is up, it sends nothing to a dead
 * server it still believes up (weighted as it routes), at least one live
 * server takes the traffic, and, for a database, the data is there (not
 * being restored), a Galera cluster has quorum (and no node it routes to
 * is outside the primary component), an object store can take writes and
 * an async master is alive and up.
 *
 * "Serves" is about state, not load: a tier left with too few servers
 * serves (its overload shows as rejections and timeouts).
 */
export function tierServes(tier: Tier, db: Database | undefined): boolean {
  if (!tier.balancerUp) return false;
  if (db !== undefined) {
    if (db.unavailable) return false;
    const galera = db.galera;
    if (galera !== undefined && !galera.hasQuorum()) return false;
    if (db.store !== undefined && !db.store.writable) return false;
    if (db.kind === 'async' && db.masterIndex >= 0) {
      const m = tier.servers[db.masterIndex]!;
      if (!(m.up && m.alive)) return false;
    }
    if (galera !== undefined && galera.partitioned) {
      for (const s of tier.servers) if (s.up && !galera.inPrimary(s.spec.siteIndex)) return false;
    }
  }
  let believed = 0;
  let live = 0;
  tier.servers.forEach((s, i) => {
    if (!s.up) return;
    // A database routes by site and role, not by weight: every server it believes up counts.
    const w = db !== undefined ? 1 : tier.routingWeight(i);
    believed += w;
    if (s.alive) live += w;
  });
  return live > 0 && believed - live <= 1e-12 * believed;
}
