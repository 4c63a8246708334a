/**
 * Resolution of the random failures of balancers, links, monitors and
 * Galera arbitrators (schema-more-failures.ts) into one list, in scenario
 * order: tiers (balancer, monitors, arbitrators), then links.
 */
import type { Collector, Path } from './collector.js';
import { resolveFailures } from './resolve-failures.js';
import type { ResolvedMoreFailure } from './resolved-more-failures.js';
import type { ResolvedTier } from './resolved.js';
import type { ScenarioParsed } from './schema.js';

type FailuresSpec = Parameters<typeof resolveFailures>[2];

export function resolveMoreFailures(c: Collector, parsed: ScenarioParsed, tiers: readonly ResolvedTier[]): ResolvedMoreFailure[] {
  const out: ResolvedMoreFailure[] = [];
  const add = (path: Path, spec: FailuresSpec, thing: ResolvedMoreFailure['thing']): void => {
    const failures = resolveFailures(c, path, spec);
    if (failures) out.push({ thing, failures });
  };
  Object.entries(parsed.tiers).forEach(([name, t], tier) => {
    const path: Path = ['tiers', name];
    if (t.balancerFailures) {
      if (tiers[tier]?.balancer === 'ip-failover') c.error([...path, 'balancerFailures'], 'an IP failover tier has no balancer to fail', 'give its monitor "failures" (ipFailover.monitor.failures)');
      add([...path, 'balancerFailures'], t.balancerFailures, { kind: 'balancer', tier });
    }
    const db = t.database;
    if (db?.replication === 'async' && db.failover?.monitor.failures) add([...path, 'database', 'failover', 'monitor', 'failures'], db.failover.monitor.failures, { kind: 'monitor', tier, of: 'failover' });
    if (t.ipFailover?.monitor.failures) add([...path, 'ipFailover', 'monitor', 'failures'], t.ipFailover.monitor.failures, { kind: 'monitor', tier, of: 'ip-failover' });
    if (t.drp?.monitor.failures) add([...path, 'drp', 'monitor', 'failures'], t.drp.monitor.failures, { kind: 'monitor', tier, of: 'drp' });
    if (db?.replication === 'galera') {
      db.arbitrators.forEach((a, arbitrator) => {
        if (a.failures) add([...path, 'database', 'arbitrators', arbitrator, 'failures'], a.failures, { kind: 'arbitrator', tier, arbitrator });
      });
    }
  });
  (parsed.links ?? []).forEach((l, link) => {
    if (l.failures) add(['links', link, 'failures'], l.failures, { kind: 'link', link });
  });
  return out;
}
